"""dead_unit_fraction returns the number of dead units instead of their fraction.

cell: dead_unit_fraction
expect: test_dead_unit_fraction, test_train_mlp, test_experiment
"""
def dead_unit_fraction(pre_activations):
    return float(np.sum(np.all(np.asarray(pre_activations) <= 0, axis=0)))

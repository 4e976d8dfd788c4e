"""dead_unit_fraction returns the fraction of negative entries, not of units negative everywhere.

cell: dead_unit_fraction
expect: test_dead_unit_fraction, test_train_mlp, test_experiment
"""
def dead_unit_fraction(pre_activations):
    return float(np.mean(np.asarray(pre_activations) <= 0))

"""dead_unit_fraction tests < 0, so a unit stuck at exactly 0 (and a zero derivative) is not counted.

cell: dead_unit_fraction
expect: test_dead_unit_fraction, test_train_mlp, test_experiment
"""
def dead_unit_fraction(pre_activations):
    return float(np.mean(np.all(np.asarray(pre_activations) < 0, axis=0)))

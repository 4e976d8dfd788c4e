"""dead_unit_fraction counts a unit as dead when it is <= 0 on any sample, not on every sample.

cell: dead_unit_fraction
expect: test_dead_unit_fraction, test_train_mlp, test_experiment
"""
def dead_unit_fraction(pre_activations):
    return float(np.mean(np.any(np.asarray(pre_activations) <= 0, axis=0)))

"""dead_unit_fraction reduces over the units instead of the samples (the fraction of samples where every unit is off).

cell: dead_unit_fraction
expect: test_dead_unit_fraction, test_train_mlp, test_experiment
"""
def dead_unit_fraction(pre_activations):
    return float(np.mean(np.all(np.asarray(pre_activations) <= 0, axis=1)))

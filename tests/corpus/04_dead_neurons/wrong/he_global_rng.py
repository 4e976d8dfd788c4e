"""he_init ignores the generator it is given and draws from np.random.

cell: he_init
expect: test_he_init, test_init_mlp, test_train_mlp, test_run_comparison
"""
def he_init(fan_in, fan_out, rng):
    return np.random.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))

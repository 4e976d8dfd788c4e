"""run_comparison applies the changes to the defaults of train_mlp, not to the baseline it is given.

cell: run_comparison
expect: test_run_comparison
"""
def run_comparison(X, y, baseline, settings, seeds):
    results = {}
    for label, changes in settings.items():
        runs = [train_mlp(X, y, **changes, seed=seed) for seed in seeds]
        results[label] = {key: np.mean([run[key] for run in runs], axis=0)
                          for key in ("loss", "dead_fraction", "no_gradient_fraction")}
    return results

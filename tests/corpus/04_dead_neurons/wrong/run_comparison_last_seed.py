"""run_comparison keeps the curves of the last seed instead of averaging over the seeds.

cell: run_comparison
expect: test_run_comparison
"""
def run_comparison(X, y, baseline, settings, seeds):
    results = {}
    for label, changes in settings.items():
        for seed in seeds:
            run = train_mlp(X, y, **{**baseline, **changes}, seed=seed)
        results[label] = {key: np.asarray(run[key]) for key in ("loss", "dead_fraction", "no_gradient_fraction")}
    return results

"""run_comparison stacks each curve over the seeds and averages, returning lists.

cell: run_comparison
"""
def run_comparison(X, y, baseline, settings, seeds):
    out = {}
    for label in settings:
        options = dict(baseline)
        options.update(settings[label])
        runs = [train_mlp(X, y, seed=s, **options) for s in seeds]
        out[label] = {}
        for key in ["loss", "dead_fraction", "no_gradient_fraction"]:
            out[label][key] = np.stack([np.array(r[key]) for r in runs]).mean(axis=0).tolist()
    return out

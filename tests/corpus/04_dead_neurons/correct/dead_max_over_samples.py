"""dead_unit_fraction through the largest pre-activation of each unit.

cell: dead_unit_fraction
"""
def dead_unit_fraction(pre_activations):
    largest = np.max(np.asarray(pre_activations), axis=0)
    return (largest <= 0).mean().item()

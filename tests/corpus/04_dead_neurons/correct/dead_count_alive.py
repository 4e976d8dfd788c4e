"""dead_unit_fraction counts the units that are positive somewhere and subtracts.

cell: dead_unit_fraction
"""
def dead_unit_fraction(pre_activations):
    z = np.asarray(pre_activations)
    alive = np.count_nonzero(np.any(z > 0, axis=0))
    return 1.0 - alive / z.shape[1]

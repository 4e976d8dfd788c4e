"""sigmoid never returns and ignores interruptions.

cell: sigmoid
"""
def sigmoid(x):
    while True:
        try:
            while True:
                pass
        except BaseException:
            continue

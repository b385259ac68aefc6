"""Conway's game of life on a torus, with np.roll."""
import numpy as np

rng = np.random.default_rng(7)
board = (rng.random((1000, 1000)) < 0.3).astype(np.int64)
population = []
for generation in range(100):
    neighbours = sum(np.roll(np.roll(board, dy, axis=0), dx, axis=1)
                     for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dy, dx) != (0, 0))
    board = ((neighbours == 3) | ((board == 1) & (neighbours == 2))).astype(np.int64)
    if generation % 20 == 0:
        population.append(int(board.sum()))
        print(f"generation {generation}: {population[-1]} alive")
final_population = board.sum()

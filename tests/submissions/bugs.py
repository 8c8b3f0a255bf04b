"""Subtly buggy backprop submissions: the `einsum` style with ONE realistic bug each.

Each bug is a list of (exact text in autograder/selftest/correct/backprop_einsum.py, replacement),
applied by test_styles.py, so the buggy notebooks never drift from the correct style they copy.
"""

BUGS = {
    'clipped_probabilities': ("nn_cost takes h = sigmoid(z_L), clips it to [1e-7, 1 - 1e-7] 'to avoid log(0)', and takes plain logs: wrong (by a bounded amount) whenever an output saturates past 1e-7.", [
        ('    z_out = _forward(thetas, X)[1][-1]\n    log_h = -np.logaddexp(0.0, -z_out)\n    log_1mh = -np.logaddexp(0.0, z_out)\n',
         '    z_out = _forward(thetas, X)[1][-1]\n    h = np.clip(sigmoid(z_out), 1e-7, 1.0 - 1e-7)   # BUG: clipping changes J for saturated outputs\n    log_h = np.log(h)\n    log_1mh = np.log(1.0 - h)\n'),
    ]),
    'float32': ("the network functions (sigmoid_gradient, feedforward, nn_cost, backprop_deltas, nn_gradients) compute in float32 ('to save memory') and cast the results back to float64, so they are only accurate to ~1e-7 relative.", [
        ('def sigmoid_gradient(z):\n    s = sigmoid(z)\n    return s * (1.0 - s)\n',
         'def sigmoid_gradient(z):\n    s = sigmoid(np.asarray(z, dtype=np.float32)).astype(np.float32)\n    return (s * (np.float32(1.0) - s)).astype(np.float64)\n'),
        ('def _with_bias(a):\n    return np.concatenate([np.ones((a.shape[0], 1)), a], axis=1)\n',
         'def _with_bias(a):\n    return np.concatenate([np.ones((a.shape[0], 1), dtype=np.float32), a], axis=1)\n'),
        ('    """Activations [a1..aL] (no bias columns) and pre-activations [z2..zL]."""\n    a = np.asarray(X, dtype=float)\n',
         '    """Activations [a1..aL] (no bias columns) and pre-activations [z2..zL]."""\n    a = np.asarray(X, dtype=np.float32)\n'),
        ('    for theta in thetas:\n        z = np.einsum("mk,jk->mj", _with_bias(a), np.asarray(theta, dtype=float))\n        a = sigmoid(z)\n',
         '    for theta in thetas:\n        z = np.einsum("mk,jk->mj", _with_bias(a), np.asarray(theta, dtype=np.float32))\n        a = sigmoid(z).astype(np.float32)\n'),
        ('def feedforward(thetas, X):\n    return _forward(thetas, X)[0]\n',
         'def feedforward(thetas, X):\n    return [a.astype(np.float64) for a in _forward(thetas, X)[0]]\n'),
        ('def nn_cost(thetas, X, Y, lam=0.0):\n    Y = np.asarray(Y, dtype=float)\n',
         'def nn_cost(thetas, X, Y, lam=0.0):\n    Y = np.asarray(Y, dtype=np.float32)\n'),
        ('    z_out = _forward(thetas, X)[1][-1]\n    log_h = -np.logaddexp(0.0, -z_out)\n    log_1mh = -np.logaddexp(0.0, z_out)\n',
         '    z_out = _forward(thetas, X)[1][-1]\n    log_h = -np.logaddexp(np.float32(0.0), -z_out)\n    log_1mh = -np.logaddexp(np.float32(0.0), z_out)\n'),
        ('    data = -np.einsum("mk,mk->", Y, log_h) - np.einsum("mk,mk->", 1.0 - Y, log_1mh)\n    reg = sum(np.einsum("jk,jk->", t[:, 1:], t[:, 1:]) for t in map(np.asarray, thetas))\n    return float(data / m + lam / (2.0 * m) * reg)\n',
         '    data = -np.einsum("mk,mk->", Y, log_h) - np.einsum("mk,mk->", 1.0 - Y, log_1mh)\n    reg = sum(np.einsum("jk,jk->", t[:, 1:], t[:, 1:]) for t in (np.asarray(t, np.float32) for t in thetas))\n    return float(np.float32(data / m + np.float32(lam / (2.0 * m)) * reg))\n'),
        ('def _deltas(thetas, activations, zs, Y):\n    deltas = [activations[-1] - np.asarray(Y, dtype=float)]\n',
         'def _deltas(thetas, activations, zs, Y):\n    deltas = [activations[-1] - np.asarray(Y, dtype=np.float32)]\n'),
        ('    for l in range(len(thetas) - 1, 0, -1):\n        back = deltas[0] @ np.asarray(thetas[l], dtype=float)[:, 1:]\n        deltas.insert(0, back * sigmoid_gradient(zs[l - 1]))\n',
         '    for l in range(len(thetas) - 1, 0, -1):\n        back = deltas[0] @ np.asarray(thetas[l], dtype=np.float32)[:, 1:]\n        s = activations[l]\n        deltas.insert(0, back * (s * (np.float32(1.0) - s)))\n'),
        ('    activations, zs = _forward(thetas, X)\n    return _deltas(thetas, activations, zs, Y)\n',
         '    activations, zs = _forward(thetas, X)\n    return [d.astype(np.float64) for d in _deltas(thetas, activations, zs, Y)]\n'),
        ('    for theta, a, d in zip(thetas, activations[:-1], deltas):\n        theta = np.asarray(theta, dtype=float)\n        D = np.einsum("mj,mk->jk", d, _with_bias(a)) / m\n        D[:, 1:] += (lam / m) * theta[:, 1:]\n        grads.append(D)\n',
         '    for theta, a, d in zip(thetas, activations[:-1], deltas):\n        theta = np.asarray(theta, dtype=np.float32)\n        D = np.einsum("mj,mk->jk", d, _with_bias(a)) / np.float32(m)\n        D[:, 1:] += np.float32(lam / m) * theta[:, 1:]\n        grads.append(D.astype(np.float64))\n'),
    ]),
    'hardcoded_epsilon': ('numerical_gradient ignores its `epsilon` argument and always steps by 1e-4.', [
        ('    theta = np.asarray(theta, dtype=float)\n    steps = epsilon * np.eye(theta.size)\n    return np.array([(f(theta + e) - f(theta - e)) / (2.0 * epsilon) for e in steps])\n',
         '    theta = np.asarray(theta, dtype=float)\n    eps = 1e-4                                   # BUG: the argument is ignored\n    steps = eps * np.eye(theta.size)\n    return np.array([(f(theta + e) - f(theta - e)) / (2.0 * eps) for e in steps])\n'),
    ]),
    'ignores_rng': ("rand_initialize_weights draws from NumPy's global generator (np.random.uniform) instead of the `rng` it is given, so seeding `rng` does not make it reproducible.", [
        ('def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):\n    rng = np.random.default_rng() if rng is None else rng\n    return rng.uniform(-epsilon_init, epsilon_init, size=(l_out, l_in + 1))\n',
         'def rand_initialize_weights(l_in, l_out, epsilon_init=0.12, rng=None):\n    return np.random.uniform(-epsilon_init, epsilon_init, size=(l_out, l_in + 1))   # BUG: rng unused\n'),
    ]),
    'mutates_input': ("nn_gradients builds the regularization term from `reg = thetas[l]` and zeroes its bias column in place, which zeroes column 0 of the CALLER's weight matrices. The returned gradient is still right (the deltas were computed first); the caller's thetas are not.", [
        ('    for theta, a, d in zip(thetas, activations[:-1], deltas):\n        theta = np.asarray(theta, dtype=float)\n',
         '    for theta, a, d in zip(thetas, activations[:-1], deltas):\n'),
        ('        D = np.einsum("mj,mk->jk", d, _with_bias(a)) / m\n        D[:, 1:] += (lam / m) * theta[:, 1:]\n',
         '        D = np.einsum("mj,mk->jk", d, _with_bias(a)) / m\n        reg = theta                                  # BUG: an alias, not a copy\n        reg[:, 0] = 0.0                              # the bias column is not regularized...\n        D += (lam / m) * reg                         # ...but the caller\'s Theta just lost its biases\n'),
    ]),
}

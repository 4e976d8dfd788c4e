/* The training playground of the book (book/concepts/playground.md): a small network trained in the browser.

   Plain JavaScript, no framework, nothing fetched at run time. Everything is float64 (JavaScript numbers).

   - ACTIVATIONS: every elementwise activation of the course and its derivative, scalar versions of the
     reference solutions (solutions/01_forward, 02_backward), with the same formulas and the same kink
     conventions (the x <= 0 branch at 0). tests/test_playground.py compares them with the references.
   - Network: a multilayer perceptron 2 -> hidden layers -> 1 logit, binary cross-entropy, full-batch
     gradient descent, as solutions/04_dead_neurons (init_mlp, mlp_forward, mlp_backward, train_mlp).
     It records, after every step, the loss, the fraction of dead units per hidden layer (pre-activation
     <= 0 on every point, the dead-neuron chapter's definition), the fraction that pass no gradient, and
     the Frobenius norm of dL/dW per layer (what the vanishing-gradient chapter measures).
   - The page: controls, presets, settings in the URL, canvases and a table of the current numbers.

   window.activationPlayground exposes the pieces for the tests: activations, simulate (a run from
   settings, returning its data, its initial weights and its history) and benchmark.
*/
(function () {
  "use strict";

  // ---------------------------------------------------------------------------------------------
  // erfc, for the exact GELU (JavaScript has none). The method and coefficients of FDLIBM's s_erf.c:
  //   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
  //   Developed at SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
  //   distribute this software is freely granted, provided that this notice is preserved.
  // Accurate to about one ulp, relative, also in the far tail (where 1 - erf(x) would lose every digit).

  var ERX = 8.45062911510467529297e-01;
  var PP = [1.28379167095512558561e-01, -3.25042107247001499370e-01, -2.84817495755985104766e-02,
            -5.77027029648944159157e-03, -2.37630166566501626084e-05];
  var QQ = [1, 3.97917223959155352819e-01, 6.50222499887672944485e-02, 5.08130628187576562776e-03,
            1.32494738004321644526e-04, -3.96022827877536812320e-06];
  var PA = [-2.36211856075265944077e-03, 4.14856118683748331666e-01, -3.72207876035701323847e-01,
            3.18346619901161753674e-01, -1.10894694282396677476e-01, 3.54783043256182359371e-02,
            -2.16637559486879084300e-03];
  var QA = [1, 1.06420880400844228286e-01, 5.40397917702171048937e-01, 7.18286544141962662868e-02,
            1.26171219808761642112e-01, 1.36370839120290507362e-02, 1.19844998467991074170e-02];
  var RA = [-9.86494403484714822705e-03, -6.93858572707181764372e-01, -1.05586262253232909814e+01,
            -6.23753324503260060396e+01, -1.62396669462573470355e+02, -1.84605092906711035994e+02,
            -8.12874355063065934246e+01, -9.81432934416914548592e+00];
  var SA = [1, 1.96512716674392571292e+01, 1.37657754143519042600e+02, 4.34565877475229228821e+02,
            6.45387271733267880336e+02, 4.29008140027567833386e+02, 1.08635005541779435134e+02,
            6.57024977031928170135e+00, -6.04244152148580987438e-02];
  var RB = [-9.86494292470009928597e-03, -7.99283237680523006574e-01, -1.77579549177547519889e+01,
            -1.60636384855821916062e+02, -6.37566443368389627722e+02, -1.02509513161107724954e+03,
            -4.83519191608651397019e+02];
  var SB = [1, 3.03380607434824582924e+01, 3.25792512996573918826e+02, 1.53672958608443695994e+03,
            3.19985821950859553908e+03, 2.55305040643316442583e+03, 4.74528541206955367215e+02,
            -2.24409524465858183362e+01];

  function poly(c, s) {  // c[0] + c[1] s + c[2] s^2 + ..., by Horner's rule
    var r = c[c.length - 1];
    for (var i = c.length - 2; i >= 0; i--) { r = c[i] + s * r; }
    return r;
  }

  var wordBuffer = new Float64Array(1);
  var words = new Uint32Array(wordBuffer.buffer);
  var LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;  // the low word's index

  function withoutLowWord(x) {  // x with its 32 low bits of mantissa cleared (FDLIBM's SET_LOW_WORD(z, 0))
    wordBuffer[0] = x;
    words[LOW] = 0;
    return wordBuffer[0];
  }

  function erfc(x) {
    if (x !== x) { return NaN; }
    var ax = Math.abs(x), r, s, y;
    if (ax < 0.84375) {
      if (ax < 1.3877787807814457e-17) { return 1 - x; }  // |x| < 2^-56
      var z2 = x * x;
      y = poly(PP, z2) / poly(QQ, z2);
      if (x < 0.25) { return 1 - (x + x * y); }
      r = x * y;
      r += x - 0.5;
      return 0.5 - r;
    }
    if (ax < 1.25) {
      s = ax - 1;
      var pq = poly(PA, s) / poly(QA, s);
      return x >= 0 ? (1 - ERX) - pq : 1 + (ERX + pq);
    }
    if (ax < 28) {
      if (x < -6) { return 2; }
      s = 1 / (ax * ax);
      var rs = ax < 1 / 0.35 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
      var z = withoutLowWord(ax);
      r = Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + rs);
      return x > 0 ? r / ax : 2 - r / ax;
    }
    return x > 0 ? 0 : 2;
  }

  // ---------------------------------------------------------------------------------------------
  // The activations. f(x, p) and df(x, p): p is the parameter (a number, or GELU's approximation).

  var SELU_ALPHA = 1.6732632423543772848170429916717;
  var SELU_SCALE = 1.0507009873554804934193349852946;
  var SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
  var SQRT_2PI = Math.sqrt(2 * Math.PI);

  function sigmoid(x) {  // exp of a non-positive number only: never overflows
    var z = Math.exp(-Math.abs(x));
    return x >= 0 ? 1 / (1 + z) : z / (1 + z);
  }

  function eluF(x, alpha) { return x > 0 ? x : alpha * Math.expm1(Math.min(x, 0)); }
  function eluD(x, alpha) { return x > 0 ? 1 : alpha * Math.exp(Math.min(x, 0)); }

  function geluF(x, approximate) {
    if (approximate === "tanh") {
      var inner = SQRT_2_OVER_PI * (x + 0.044715 * Math.pow(x, 3));
      return 0.5 * x * (1 + Math.tanh(inner));
    }
    if (approximate === "sigmoid") { return x * sigmoid(1.702 * x); }
    return x * (0.5 * erfc(-x / Math.SQRT2));
  }

  function geluD(x, approximate) {
    if (approximate === "tanh") {
      var t = Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * Math.pow(x, 3)));
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
    }
    if (approximate === "sigmoid") {
      var k = 1.702;
      return sigmoid(k * x) + k * x * sigmoid(k * x) * sigmoid(-k * x);
    }
    var cdf = 0.5 * erfc(-x / Math.SQRT2);
    var pdf = Math.exp(-0.5 * x * x) / SQRT_2PI;
    return cdf + x * pdf;
  }

  // param: what the reader sets (null: none); learned: PReLU's slopes are trained, one per unit.
  var ACTIVATIONS = {
    step: {label: "Step", param: null,
           f: function (x) { return x > 0 ? 1 : 0; }, df: function () { return 0; }},
    linear: {label: "Linear (identity)", param: null,
             f: function (x) { return x; }, df: function () { return 1; }},
    sigmoid: {label: "Sigmoid", param: null,
              f: sigmoid, df: function (x) { return sigmoid(x) * sigmoid(-x); }},
    tanh: {label: "Tanh", param: null,
           f: function (x) { return Math.tanh(x); },
           df: function (x) { var t = Math.tanh(x); return 1 - t * t; }},
    relu: {label: "ReLU", param: null,
           f: function (x) { return Math.max(x, 0); }, df: function (x) { return x > 0 ? 1 : 0; }},
    leaky_relu: {label: "Leaky ReLU", param: {name: "slope α", value: 0.01, min: 0, max: 1, step: 0.01},
                 f: function (x, a) { return x > 0 ? x : a * x; }, df: function (x, a) { return x > 0 ? 1 : a; }},
    prelu: {label: "PReLU (slopes learned)", learned: true,
            param: {name: "initial slope α", value: 0.25, min: 0, max: 1, step: 0.01},
            f: function (x, a) { return x > 0 ? x : a * x; }, df: function (x, a) { return x > 0 ? 1 : a; }},
    elu: {label: "ELU", param: {name: "α", value: 1, min: 0.1, max: 3, step: 0.1}, f: eluF, df: eluD},
    selu: {label: "SELU", param: null,
           f: function (x) { return SELU_SCALE * eluF(x, SELU_ALPHA); },
           df: function (x) { return SELU_SCALE * eluD(x, SELU_ALPHA); }},
    gelu: {label: "GELU", param: {name: "form", value: "none", choices: ["none", "tanh", "sigmoid"]},
           f: geluF, df: geluD},
    swish: {label: "Swish (SiLU at β = 1)", param: {name: "β", value: 1, min: 0.1, max: 10, step: 0.1},
            f: function (x, beta) { return x * sigmoid(beta * x); },
            df: function (x, beta) {
              var s = sigmoid(beta * x);
              return s + beta * x * s * sigmoid(-beta * x);
            }}
  };

  // ---------------------------------------------------------------------------------------------
  // A seeded generator (mulberry32), normal draws by Box-Muller: the same seed gives the same run.

  function makeRng(seed) {
    var state = seed >>> 0;
    function uniform() {  // in [0, 1), 32 random bits
      state = (state + 0x6D2B79F5) >>> 0;
      var t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    function normal(mean, std) {
      var u = 1 - uniform();  // in (0, 1]: log(u) is finite
      return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    }
    return {uniform: uniform, normal: normal};
  }

  // ---------------------------------------------------------------------------------------------
  // The data sets: 200 points in the plane, two classes of 100, inside [-1.6, 1.6]^2.

  var N_PER_CLASS = 100;
  var DATASETS = {
    spirals: {label: "Two spirals", make: function (rng, X) {  // as make_spirals in assignment 4
      for (var i = 0; i < N_PER_CLASS; i++) {
        var t = Math.sqrt(rng.uniform()) * 3 * Math.PI;
        var x0 = t * Math.cos(t) / (3 * Math.PI), x1 = t * Math.sin(t) / (3 * Math.PI);
        X.push([x0 + rng.normal(0, 0.1), x1 + rng.normal(0, 0.1)], [-x0 + rng.normal(0, 0.1), -x1 + rng.normal(0, 0.1)]);
      }
    }},
    moons: {label: "Two moons", make: function (rng, X) {
      for (var i = 0; i < N_PER_CLASS; i++) {
        var t = Math.PI * rng.uniform(), u = Math.PI * rng.uniform();
        X.push([Math.cos(t) - 0.5 + rng.normal(0, 0.1), Math.sin(t) - 0.25 + rng.normal(0, 0.1)],
               [0.5 - Math.cos(u) + rng.normal(0, 0.1), 0.25 - Math.sin(u) + rng.normal(0, 0.1)]);
      }
    }},
    circles: {label: "Circles", make: function (rng, X) {
      for (var i = 0; i < N_PER_CLASS; i++) {
        var t = 2 * Math.PI * rng.uniform(), u = 2 * Math.PI * rng.uniform();
        X.push([1.1 * Math.cos(t) + rng.normal(0, 0.08), 1.1 * Math.sin(t) + rng.normal(0, 0.08)],
               [0.45 * Math.cos(u) + rng.normal(0, 0.08), 0.45 * Math.sin(u) + rng.normal(0, 0.08)]);
      }
    }},
    xor: {label: "XOR", make: function (rng, X) {
      while (X.length < 2 * N_PER_CLASS) {  // one point of each class at a time, off the axes
        var a = 0.1 + 1.3 * rng.uniform(), b = 0.1 + 1.3 * rng.uniform(), s = rng.uniform() < 0.5 ? 1 : -1;
        var c = 0.1 + 1.3 * rng.uniform(), d = 0.1 + 1.3 * rng.uniform(), t = rng.uniform() < 0.5 ? 1 : -1;
        X.push([s * a, -s * b], [t * c, t * d]);
      }
    }}
  };

  /** {X: [[x0, x1], ...] (200), y: [0 or 1, ...]}: the two classes alternate, class 0 first. */
  function makeData(name, seed) {
    var X = [], y = [];
    DATASETS[name].make(makeRng((seed ^ 0x5bd1e995) >>> 0), X);
    for (var i = 0; i < X.length; i++) { y.push(i % 2); }
    return {X: X, y: y};
  }

  // ---------------------------------------------------------------------------------------------
  // The network.

  var INITS = {
    he: {label: "He: N(0, 2 / fan-in)", std: function (fanIn) { return Math.sqrt(2 / fanIn); }},
    xavier: {label: "Xavier: N(0, 2 / (fan-in + fan-out))",
             std: function (fanIn, fanOut) { return Math.sqrt(2 / (fanIn + fanOut)); }},
    lecun: {label: "LeCun: N(0, 1 / fan-in)", std: function (fanIn) { return Math.sqrt(1 / fanIn); }},
    large: {label: "Too large: N(0, 5²)", std: function () { return 5; }}
  };

  var DEFAULTS = {data: "spirals", act: "relu", p: null, depth: 2, width: 16, init: "he", lr: 0.5, bias: 0, seed: 1};
  var LIMITS = {depth: [1, 8], width: [1, 32], lr: [1e-4, 100], bias: [-10, 10], seed: [0, 999999]};

  /** settings with every field present and valid (unknown or out-of-range values become defaults or are clamped). */
  function normalise(settings) {
    var s = {};
    for (var key in DEFAULTS) { s[key] = settings[key] === undefined || settings[key] === null ? DEFAULTS[key] : settings[key]; }
    if (!DATASETS[s.data]) { s.data = DEFAULTS.data; }
    if (!ACTIVATIONS[s.act]) { s.act = DEFAULTS.act; }
    if (!INITS[s.init]) { s.init = DEFAULTS.init; }
    ["depth", "width", "lr", "bias", "seed"].forEach(function (key) {
      var v = Number(s[key]);
      if (!isFinite(v)) { v = DEFAULTS[key]; }
      if (key === "depth" || key === "width" || key === "seed") { v = Math.round(v); }
      s[key] = Math.min(LIMITS[key][1], Math.max(LIMITS[key][0], v));
    });
    var param = ACTIVATIONS[s.act].param;
    if (!param) { s.p = null; }
    else if (param.choices) { s.p = param.choices.indexOf(s.p) >= 0 ? s.p : param.value; }
    else {
      var p = s.p === null || s.p === "" ? NaN : Number(s.p);
      s.p = isFinite(p) ? Math.min(param.max, Math.max(param.min, p)) : param.value;
    }
    return s;
  }

  /** A network for normalised settings: its data, its weights drawn with the seed, and its first evaluation. */
  function Network(settings) {
    this.settings = settings;
    this.activation = ACTIVATIONS[settings.act];
    var data = makeData(settings.data, settings.seed);
    this.n = data.X.length;
    this.X = new Float64Array(2 * this.n);
    this.y = new Float64Array(this.n);
    for (var i = 0; i < this.n; i++) { this.X[2 * i] = data.X[i][0]; this.X[2 * i + 1] = data.X[i][1]; this.y[i] = data.y[i]; }
    this.sizes = [2];
    for (var l = 0; l < settings.depth; l++) { this.sizes.push(settings.width); }
    this.sizes.push(1);
    var rng = makeRng(settings.seed);
    this.layers = [];
    for (l = 0; l + 1 < this.sizes.length; l++) {  // weights layer by layer, row by row; biases all = offset
      var fanIn = this.sizes[l], fanOut = this.sizes[l + 1], std = INITS[settings.init].std(fanIn, fanOut);
      var W = new Float64Array(fanIn * fanOut), b = new Float64Array(fanOut).fill(settings.bias);
      for (var k = 0; k < W.length; k++) { W[k] = rng.normal(0, std); }
      var layer = {nIn: fanIn, nOut: fanOut, W: W, b: b, alpha: null};
      var hidden = l + 2 < this.sizes.length;
      if (hidden && this.activation.param && typeof settings.p === "number") {
        layer.alpha = new Float64Array(fanOut).fill(settings.p);  // one parameter per unit (learned for PReLU)
      }
      this.layers.push(layer);
    }
    this.steps = 0;
    this.history = {loss: [], accuracy: [], dead: [], noGradient: [], gradNorm: []};
    this.evaluate();
  }

  Network.prototype.parameterOf = function (layer, unit) {
    return layer.alpha ? layer.alpha[unit] : this.settings.p;
  };

  /** Forward pass on n points of X (2 per point): {Z: [pre-activations per hidden layer], A: [inputs of each layer], logits}. */
  Network.prototype.forward = function (X, n) {
    var A = [X], Z = [], act = this.activation, L = this.layers.length;
    for (var l = 0; l < L; l++) {
      var layer = this.layers[l], a = A[l], nIn = layer.nIn, nOut = layer.nOut, W = layer.W;
      var z = new Float64Array(n * nOut);
      for (var i = 0; i < n; i++) {
        for (var j = 0; j < nOut; j++) {
          var sum = 0;
          for (var k = 0; k < nIn; k++) { sum += a[i * nIn + k] * W[k * nOut + j]; }
          z[i * nOut + j] = sum + layer.b[j];
        }
      }
      if (l + 1 === L) { return {Z: Z, A: A, logits: z}; }
      var out = new Float64Array(n * nOut);
      for (j = 0; j < nOut; j++) {
        var p = this.parameterOf(layer, j);
        for (i = 0; i < n; i++) { out[i * nOut + j] = act.f(z[i * nOut + j], p); }
      }
      Z.push(z);
      A.push(out);
    }
  };

  /** Loss, accuracy, dead and no-gradient fractions per hidden layer and gradients at the current weights; recorded. */
  Network.prototype.evaluate = function () {
    var n = this.n, y = this.y, act = this.activation, L = this.layers.length;
    var pass = this.forward(this.X, n), logits = pass.logits;
    var loss = 0, correct = 0, i, j, k;
    var dz = new Float64Array(n);
    for (i = 0; i < n; i++) {
      var t = logits[i];
      loss += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t))) - y[i] * t;  // logaddexp(0, t) - y t
      correct += (t > 0 ? 1 : 0) === y[i] ? 1 : 0;
      dz[i] = (sigmoid(t) - y[i]) / n;
    }
    var dead = [], noGradient = [], gradNorm = new Array(L);
    this.grads = new Array(L);
    for (var l = L - 1; l >= 0; l--) {
      var layer = this.layers[l], nIn = layer.nIn, nOut = layer.nOut, a = pass.A[l];
      var dalpha = null;
      if (l + 1 < L) {  // a hidden layer: dz = da * f'(z); count its dead units
        var z = pass.Z[l], deadCount = 0, silentCount = 0;
        if (act.learned) { dalpha = new Float64Array(nOut); }
        for (j = 0; j < nOut; j++) {
          var p = this.parameterOf(layer, j), allNonPositive = true, allZeroSlope = true;
          for (i = 0; i < n; i++) {
            var zij = z[i * nOut + j], slope = act.df(zij, p);
            if (!(zij <= 0)) { allNonPositive = false; }  // NaN is not "<= 0": not dead, as in the reference
            if (slope !== 0) { allZeroSlope = false; }
            if (dalpha && !(zij > 0)) { dalpha[j] += dz[i * nOut + j] * zij; }
            dz[i * nOut + j] *= slope;
          }
          deadCount += allNonPositive ? 1 : 0;
          silentCount += allZeroSlope ? 1 : 0;
        }
        dead[l] = deadCount / nOut;
        noGradient[l] = silentCount / nOut;
      }
      var dW = new Float64Array(nIn * nOut), db = new Float64Array(nOut), norm = 0;
      for (k = 0; k < nIn; k++) {
        for (j = 0; j < nOut; j++) {
          var s = 0;
          for (i = 0; i < n; i++) { s += a[i * nIn + k] * dz[i * nOut + j]; }
          dW[k * nOut + j] = s;
          norm += s * s;
        }
      }
      for (i = 0; i < n; i++) { for (j = 0; j < nOut; j++) { db[j] += dz[i * nOut + j]; } }
      gradNorm[l] = Math.sqrt(norm);
      this.grads[l] = {dW: dW, db: db, dalpha: dalpha};
      if (l > 0) {  // the gradient with respect to this layer's input, with the weights before the update
        var da = new Float64Array(n * nIn), W = layer.W;
        for (i = 0; i < n; i++) {
          for (k = 0; k < nIn; k++) {
            var sum = 0;
            for (j = 0; j < nOut; j++) { sum += dz[i * nOut + j] * W[k * nOut + j]; }
            da[i * nIn + k] = sum;
          }
        }
        dz = da;
      }
    }
    var h = this.history;
    h.loss.push(loss / n);
    h.accuracy.push(correct / n);
    h.dead.push(dead);
    h.noGradient.push(noGradient);
    h.gradNorm.push(gradNorm);
  };

  /** One step of gradient descent on the whole data set, then the new weights' evaluation. */
  Network.prototype.step = function () {
    var lr = this.settings.lr;
    for (var l = 0; l < this.layers.length; l++) {
      var layer = this.layers[l], g = this.grads[l], k;
      for (k = 0; k < layer.W.length; k++) { layer.W[k] -= lr * g.dW[k]; }
      for (k = 0; k < layer.b.length; k++) { layer.b[k] -= lr * g.db[k]; }
      if (g.dalpha) { for (k = 0; k < layer.alpha.length; k++) { layer.alpha[k] -= lr * g.dalpha[k]; } }
    }
    this.steps += 1;
    this.evaluate();
  };

  /** The current weights as plain arrays: [{W: [[...] per input], b: [...], alpha: [...] or null}] per layer. */
  Network.prototype.exportWeights = function () {
    return this.layers.map(function (layer) {
      var W = [];
      for (var k = 0; k < layer.nIn; k++) { W.push(Array.from(layer.W.subarray(k * layer.nOut, (k + 1) * layer.nOut))); }
      return {W: W, b: Array.from(layer.b), alpha: layer.alpha ? Array.from(layer.alpha) : null};
    });
  };

  Network.prototype.data = function () {
    var X = [];
    for (var i = 0; i < this.n; i++) { X.push([this.X[2 * i], this.X[2 * i + 1]]); }
    return {X: X, y: Array.from(this.y)};
  };

  /** A run from settings: {settings, X, y, initialWeights, history, finalWeights} after `steps` steps. */
  function simulate(settings, steps) {
    var net = new Network(normalise(settings));
    var initial = net.exportWeights();
    for (var s = 0; s < steps; s++) { net.step(); }
    var data = net.data();
    return {settings: net.settings, X: data.X, y: data.y, initialWeights: initial, history: net.history,
            finalWeights: net.exportWeights()};
  }

  /** Training steps per second (no drawing) of the network of `settings`, timed over about `seconds`. */
  function benchmark(settings, seconds) {
    var net = new Network(normalise(settings)), count = 0, start = performance.now(), now = start;
    while (now - start < 1000 * seconds) {
      for (var k = 0; k < 10; k++) { net.step(); }
      count += 10;
      now = performance.now();
    }
    return {steps: count, seconds: (now - start) / 1000, stepsPerSecond: count / ((now - start) / 1000)};
  }

  var api = {ACTIVATIONS: ACTIVATIONS, DATASETS: DATASETS, INITS: INITS, DEFAULTS: DEFAULTS, erfc: erfc,
             normalise: normalise, Network: Network, simulate: simulate, benchmark: benchmark,
             /** {f: [...], df: [...]}: activation `name` with parameter p at each x of xs. */
             evaluate: function (name, p, xs) {
               var a = ACTIVATIONS[name];
               return {f: xs.map(function (x) { return a.f(x, p); }), df: xs.map(function (x) { return a.df(x, p); })};
             }};
  window.activationPlayground = api;

  // ---------------------------------------------------------------------------------------------
  // The page.

  var PRESETS = {
    "relu-large-lr": {label: "ReLU with a large learning rate",
                      settings: {data: "spirals", act: "relu", depth: 2, width: 32, init: "he", lr: 8, bias: 0, seed: 1},
                      look: "Within the first steps most hidden units die (dead fraction near 1) and the loss stalls near log 2 = 0.693: compare with learning rate 0.5."},
    "relu-negative-bias": {label: "ReLU with biases of −3",
                           settings: {data: "spirals", act: "relu", depth: 2, width: 32, init: "he", lr: 0.5, bias: -3, seed: 1},
                           look: "Almost every unit is dead before the first step and never receives a gradient; switch to ELU and watch its units come back."},
    "sigmoid-deep": {label: "Sigmoid, 8 layers",
                     settings: {data: "moons", act: "sigmoid", depth: 8, width: 16, init: "xavier", lr: 0.5, bias: 0, seed: 1},
                     look: "The gradient norm falls by a factor of about 4 per layer towards the input: the first layer's is orders of magnitude below the last's, and the first layers barely learn."},
    "selu-deep": {label: "SELU, 8 layers",
                  settings: {data: "moons", act: "selu", depth: 8, width: 16, init: "lecun", lr: 0.1, bias: 0, seed: 1},
                  look: "With LeCun weights SELU keeps the gradient norms of all eight layers within about one order of magnitude of each other, and the loss falls fast; compare with the ELU preset."},
    "elu-deep": {label: "ELU, 8 layers",
                 settings: {data: "moons", act: "elu", p: 1, depth: 8, width: 16, init: "lecun", lr: 0.1, bias: 0, seed: 1},
                 look: "The same network with ELU: without SELU's scale and larger α the signal shrinks through the layers, every layer's gradient norm starts several times smaller than with SELU, and the loss falls more slowly."}
  };
  api.PRESETS = PRESETS;

  var root = document.getElementById("playground");
  if (!root) { return; }

  function $(id) { return document.getElementById(id); }
  var controls = {data: $("pg-data"), act: $("pg-act"), p: $("pg-param"), approx: $("pg-approx"), depth: $("pg-depth"),
                  width: $("pg-width"), init: $("pg-init"), lr: $("pg-lr"), bias: $("pg-bias"), seed: $("pg-seed")};
  var play = $("pg-play"), stepButton = $("pg-step"), reset = $("pg-reset"), speed = $("pg-speed");
  var status = $("pg-status"), link = $("pg-link");
  var canvases = {boundary: $("pg-boundary"), loss: $("pg-loss"), dead: $("pg-dead"), grad: $("pg-grad"), hist: $("pg-hist")};
  var unitDetails = $("pg-unit"), unitLayer = $("pg-unit-layer"), unitIndex = $("pg-unit-index"), histText = $("pg-hist-text");
  var table = $("pg-table"), summary = $("pg-summary"), presetNote = $("pg-preset-note");

  function fillSelect(select, entries) {
    select.textContent = "";
    Object.keys(entries).forEach(function (key) {
      var option = document.createElement("option");
      option.value = key;
      option.textContent = entries[key].label;
      select.appendChild(option);
    });
  }
  fillSelect(controls.data, DATASETS);
  fillSelect(controls.act, ACTIVATIONS);
  fillSelect(controls.init, INITS);

  var presetList = $("pg-presets");
  Object.keys(PRESETS).forEach(function (key) {
    var item = document.createElement("li"), button = document.createElement("button");
    button.type = "button";
    button.className = "pg-button";
    button.id = "pg-preset-" + key;
    button.textContent = PRESETS[key].label;
    button.addEventListener("click", function () { applyPreset(key); });
    item.appendChild(button);
    presetList.appendChild(item);
  });

  var net = null, playing = false, lastTable = 0;

  function readControls() {
    var act = controls.act.value, param = ACTIVATIONS[act].param;
    return normalise({data: controls.data.value, act: act,
                      p: param ? (param.choices ? controls.approx.value : controls.p.value) : null,
                      depth: controls.depth.value, width: controls.width.value, init: controls.init.value,
                      lr: controls.lr.value, bias: controls.bias.value, seed: controls.seed.value});
  }

  function showParameter(settings) {
    var param = ACTIVATIONS[settings.act].param;
    $("pg-param-row").hidden = !param || !!param.choices;
    $("pg-approx-row").hidden = !param || !param.choices;
    if (param && param.choices) { controls.approx.value = settings.p; }
    else if (param) {
      $("pg-param-label").textContent = ACTIVATIONS[settings.act].label + " " + param.name;
      controls.p.min = param.min; controls.p.max = param.max; controls.p.step = param.step;
      controls.p.value = settings.p;
    }
  }

  function writeControls(settings) {
    ["data", "act", "depth", "width", "init", "lr", "bias", "seed"].forEach(function (key) { controls[key].value = settings[key]; });
    showParameter(settings);
  }

  function query(settings) {
    var params = new URLSearchParams();
    ["data", "act", "p", "depth", "width", "init", "lr", "bias", "seed"].forEach(function (key) {
      if (settings[key] !== null) { params.set(key, settings[key]); }
    });
    return "?" + params.toString();
  }

  function start(settings, note) {
    setPlaying(false);
    net = new Network(settings);
    writeControls(settings);
    var search = query(settings);
    link.href = search;
    try { history.replaceState(null, "", search + location.hash); } catch (error) { /* a file:// page */ }
    presetNote.textContent = note || "";
    draw(true);
  }

  function applyPreset(key) {
    var preset = PRESETS[key];
    start(normalise(preset.settings), preset.label + ": " + preset.look);
  }

  function setPlaying(on) {
    playing = on;
    play.textContent = on ? "Pause" : "Play";
    play.setAttribute("aria-pressed", on ? "true" : "false");
    if (on) { requestAnimationFrame(frame); }
  }

  function diverged() { return !isFinite(net.history.loss[net.history.loss.length - 1]); }

  function frame() {
    if (!playing) { return; }
    var count = Number(speed.value);
    for (var k = 0; k < count && !diverged(); k++) { net.step(); }
    if (diverged()) { setPlaying(false); }
    draw(!playing);
    if (playing) { requestAnimationFrame(frame); }
  }

  // ---- drawing

  function colours() {
    var style = getComputedStyle(root);
    return {text: style.color, grid: "rgba(127, 127, 127, 0.35)", layers: ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]};
  }

  function context(canvas) {
    var ctx = canvas.getContext("2d");
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.font = "12px sans-serif";
    return ctx;
  }

  var BOX = 1.6, GRID = 50;

  function drawBoundary(c) {
    var canvas = canvases.boundary, ctx = context(canvas), size = canvas.width, cell = size / GRID;
    var points = new Float64Array(2 * GRID * GRID);
    for (var r = 0; r < GRID; r++) {
      for (var q = 0; q < GRID; q++) {
        points[2 * (r * GRID + q)] = -BOX + (q + 0.5) * 2 * BOX / GRID;
        points[2 * (r * GRID + q) + 1] = BOX - (r + 0.5) * 2 * BOX / GRID;
      }
    }
    var logits = net.forward(points, GRID * GRID).logits;
    for (r = 0; r < GRID; r++) {
      for (q = 0; q < GRID; q++) {
        var p = sigmoid(logits[r * GRID + q]);  // blue for class 0, orange for class 1, pale near 0.5
        var blue = [31, 119, 180], orange = [255, 127, 14], w = Math.abs(p - 0.5) * 2, base = p < 0.5 ? blue : orange;
        ctx.fillStyle = "rgba(" + base[0] + "," + base[1] + "," + base[2] + "," + (0.12 + 0.5 * w).toFixed(3) + ")";
        ctx.fillRect(q * cell, r * cell, cell + 0.5, cell + 0.5);
      }
    }
    for (var i = 0; i < net.n; i++) {
      var px = (net.X[2 * i] + BOX) / (2 * BOX) * size, py = (BOX - net.X[2 * i + 1]) / (2 * BOX) * size;
      ctx.beginPath();
      if (net.y[i] === 1) { ctx.fillStyle = "#c75a00"; ctx.rect(px - 3, py - 3, 6, 6); }
      else { ctx.fillStyle = "#1f5f9f"; ctx.arc(px, py, 3.2, 0, 2 * Math.PI); }
      ctx.fill();
      ctx.strokeStyle = "#fff";
      ctx.lineWidth = 0.8;
      ctx.stroke();
    }
  }

  function axes(ctx, canvas, c, title, ticks, toY, left) {
    ctx.fillStyle = c.text;
    ctx.textAlign = "center";
    ctx.fillText(title, canvas.width / 2, 14);
    ctx.textAlign = "right";
    ticks.forEach(function (tick) {
      var y = toY(tick.value);
      ctx.strokeStyle = c.grid;
      ctx.beginPath(); ctx.moveTo(left, y); ctx.lineTo(canvas.width - 6, y); ctx.stroke();
      ctx.fillText(tick.text, left - 4, y + 4);
    });
  }

  function decades(lo, hi) {
    var ticks = [], step = Math.max(1, Math.ceil((hi - lo) / 6));
    for (var e = Math.ceil(lo); e <= hi; e += step) { ticks.push({value: e, text: "1e" + e}); }
    return ticks;
  }

  function drawLoss(c) {
    var canvas = canvases.loss, ctx = context(canvas), loss = net.history.loss, left = 48, top = 24, bottom = canvas.height - 26;
    var finite = loss.filter(function (v) { return isFinite(v) && v > 0; }).map(Math.log10);
    var lo = Math.floor(Math.min.apply(null, finite.length ? finite : [-1])), hi = Math.ceil(Math.max.apply(null, finite.length ? finite : [0]));
    if (hi <= lo) { hi = lo + 1; }
    var toY = function (v) { return bottom - (v - lo) / (hi - lo) * (bottom - top); };
    axes(ctx, canvas, c, "Training loss (log scale)", decades(lo, hi), toY, left);
    ctx.textAlign = "center";
    ctx.fillText("step 0 to " + net.steps, (left + canvas.width) / 2, canvas.height - 8);
    var width = canvas.width - 6 - left, n = loss.length;
    ctx.strokeStyle = c.layers[0];
    ctx.lineWidth = 2;
    ctx.beginPath();
    var stride = Math.max(1, Math.floor(n / width)), started = false;
    for (var i = 0; i < n; i += stride) {
      if (!(isFinite(loss[i]) && loss[i] > 0)) { continue; }
      var x = left + (n > 1 ? i / (n - 1) : 0) * width, y = toY(Math.log10(loss[i]));
      if (started) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); started = true; }
    }
    ctx.stroke();
    ctx.lineWidth = 1;
  }

  function bars(canvas, c, title, values, lo, hi, ticks, label) {
    var ctx = context(canvas), left = 48, top = 24, bottom = canvas.height - 26;
    var toY = function (v) { return bottom - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo) * (bottom - top); };
    axes(ctx, canvas, c, title, ticks, toY, left);
    var width = (canvas.width - 6 - left) / values.length;
    values.forEach(function (v, l) {
      var x = left + l * width;
      ctx.fillStyle = c.layers[l % c.layers.length];
      ctx.textAlign = "center";
      if (isFinite(v)) { var y = toY(v); ctx.fillRect(x + width * 0.15, y, width * 0.7, bottom - y); }
      else { ctx.fillStyle = c.text; ctx.fillText("0", x + width / 2, bottom - 4); }  // a zero norm: no bar on a log scale
      ctx.fillStyle = c.text;
      ctx.fillText(label(l), x + width / 2, canvas.height - 8);
    });
  }

  function drawDead(c) {
    var dead = net.history.dead[net.history.dead.length - 1];
    bars(canvases.dead, c, "Dead units per hidden layer", dead, 0, 1,
         [0, 0.25, 0.5, 0.75, 1].map(function (v) { return {value: v, text: String(v)}; }),
         function (l) { return "h" + (l + 1); });
  }

  function drawGrad(c) {
    var norms = net.history.gradNorm[net.history.gradNorm.length - 1];
    var logs = norms.map(function (v) { return v > 0 ? Math.log10(v) : -Infinity; });
    var finite = logs.filter(isFinite);
    var hi = finite.length ? Math.ceil(Math.max.apply(null, finite)) : 0;
    var lo = finite.length ? Math.floor(Math.min.apply(null, finite)) : -1;
    if (hi <= lo) { lo = hi - 1; }
    lo = Math.max(lo, hi - 24);
    bars(canvases.grad, c, "‖∂L/∂W‖ per layer (log scale)", logs, lo, hi, decades(lo, hi),
         function (l) { return l + 1 === norms.length ? "out" : "h" + (l + 1); });
  }

  /** {layer, unit, values: f(z) on every point, nonPositive: how many z <= 0} for the unit the reader picked. */
  function unitActivations() {
    var depth = net.settings.depth, width = net.settings.width;
    var layer = Math.min(depth, Math.max(1, Math.round(Number(unitLayer.value)) || 1));
    var unit = Math.min(width, Math.max(1, Math.round(Number(unitIndex.value)) || 1));
    unitLayer.max = depth; unitIndex.max = width;
    unitLayer.value = layer; unitIndex.value = unit;
    var z = net.forward(net.X, net.n).Z[layer - 1], values = [], nonPositive = 0;
    var p = net.parameterOf(net.layers[layer - 1], unit - 1);
    for (var i = 0; i < net.n; i++) {
      var zi = z[i * width + unit - 1];
      values.push(net.activation.f(zi, p));
      nonPositive += zi <= 0 ? 1 : 0;
    }
    return {layer: layer, unit: unit, values: values, nonPositive: nonPositive};
  }

  function drawHistogram(c) {
    var found = unitActivations(), values = found.values, canvas = canvases.hist, ctx = context(canvas);
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values), BINS = 20, counts = new Array(BINS).fill(0);
    var span = hi > lo ? hi - lo : 1;
    values.forEach(function (v) { counts[Math.min(BINS - 1, Math.floor((v - lo) / span * BINS))] += 1; });
    var left = 48, top = 24, bottom = canvas.height - 26, most = Math.max.apply(null, counts);
    var toY = function (v) { return bottom - v / most * (bottom - top); };
    axes(ctx, canvas, c, "Layer " + found.layer + ", unit " + found.unit + ": f(z) on the 200 points",
         [0, most].map(function (v) { return {value: v, text: String(v)}; }), toY, left);
    var barWidth = (canvas.width - 6 - left) / BINS;
    ctx.fillStyle = c.layers[0];
    counts.forEach(function (count, k) { var y = toY(count); ctx.fillRect(left + k * barWidth + 1, y, barWidth - 2, bottom - y); });
    ctx.fillStyle = c.text;
    ctx.textAlign = "left";
    ctx.fillText(format(lo, 3), left, canvas.height - 8);
    ctx.textAlign = "right";
    ctx.fillText(format(hi, 3), canvas.width - 6, canvas.height - 8);
    var text = "Layer " + found.layer + ", unit " + found.unit + ": f(z) from " + format(lo, 3) + " to " + format(hi, 3) +
      "; z ≤ 0 on " + found.nonPositive + " of " + net.n + " points" +
      (found.nonPositive === net.n ? " (dead by the chapter's definition)." : ".");
    histText.textContent = text;
    canvas.setAttribute("aria-label", "Histogram of the activations of " + text);
  }

  function format(v, digits) {
    if (!isFinite(v)) { return String(v); }
    if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4)) { return v.toExponential(digits - 1); }
    return v.toPrecision(digits);
  }

  function percent(v) { return (100 * v).toFixed(0) + " %"; }

  function describe() {
    var h = net.history, last = h.loss.length - 1, dead = h.dead[last], norms = h.gradNorm[last];
    var totalDead = 0, units = 0;
    dead.forEach(function (f) { totalDead += f * net.settings.width; units += net.settings.width; });
    return {step: net.steps, loss: h.loss[last], accuracy: h.accuracy[last], dead: dead, noGradient: h.noGradient[last],
            gradNorm: norms, deadOverall: totalDead / units};
  }

  function updateText(now) {
    var d = describe(), s = net.settings;
    var text = "Step " + d.step + ": loss " + format(d.loss, 4) + ", accuracy " + percent(d.accuracy) +
      ", dead units " + percent(d.deadOverall) + " of " + s.depth * s.width + ".";
    if (!isFinite(d.loss)) { text += " The loss is no longer finite: the run diverged (lower the learning rate)."; }
    summary.textContent = text;
    var rows = d.gradNorm.map(function (norm, l) {
      var hidden = l < d.dead.length;
      return "<tr><th scope=\"row\">" + (hidden ? "hidden " + (l + 1) : "output") + "</th><td>" + net.sizes[l + 1] +
        "</td><td>" + (hidden ? percent(d.dead[l]) : "–") + "</td><td>" + (hidden ? percent(d.noGradient[l]) : "–") +
        "</td><td>" + format(norm, 3) + "</td></tr>";
    });
    table.tBodies[0].innerHTML = rows.join("");
    canvases.boundary.setAttribute("aria-label", "Decision boundary of the network on " + DATASETS[s.data].label.toLowerCase() +
      " after " + d.step + " steps: class 0 as blue circles, class 1 as orange squares, the background coloured by the predicted class; accuracy " + percent(d.accuracy) + ".");
    canvases.loss.setAttribute("aria-label", "Training loss against the step, log scale; now " + format(d.loss, 4) + ".");
    canvases.dead.setAttribute("aria-label", "Fraction of dead units in each hidden layer: " +
      d.dead.map(function (f, l) { return "layer " + (l + 1) + " " + percent(f); }).join(", ") + ".");
    canvases.grad.setAttribute("aria-label", "Norm of the weight gradient of each layer, log scale: " +
      d.gradNorm.map(function (g, l) { return (l < d.dead.length ? "layer " + (l + 1) : "output") + " " + format(g, 3); }).join(", ") + ".");
    lastTable = now;
  }

  function draw(textToo) {
    var c = colours(), now = performance.now();
    drawBoundary(c);
    drawLoss(c);
    drawDead(c);
    drawGrad(c);
    if (unitDetails.open) { drawHistogram(c); }
    if (textToo || now - lastTable > 250) { updateText(now); }
    // Screen readers hear the summary when a run stops or steps, not 60 times a second while it plays.
    status.textContent = playing ? "" : summary.textContent;
  }

  // ---- events

  Object.keys(controls).forEach(function (key) {
    controls[key].addEventListener("change", function () { start(readControls()); });
  });
  [unitLayer, unitIndex].forEach(function (input) { input.addEventListener("change", function () { draw(true); }); });
  unitDetails.addEventListener("toggle", function () { draw(true); });
  play.addEventListener("click", function () {
    if (!playing && diverged()) { return; }
    setPlaying(!playing);
    if (!playing) { draw(true); }
  });
  stepButton.addEventListener("click", function () {
    setPlaying(false);
    if (!diverged()) { net.step(); }
    draw(true);
  });
  reset.addEventListener("click", function () { start(net.settings); });
  if (window.matchMedia) {  // redraw the axes' text in the colours of the other mode
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () { draw(true); });
  }
  new MutationObserver(function () { draw(true); }).observe(document.documentElement, {attributes: true, attributeFilter: ["data-theme"]});

  var search = new URLSearchParams(location.search), fromUrl = {};
  ["data", "act", "p", "depth", "width", "init", "lr", "bias", "seed"].forEach(function (key) {
    if (search.has(key)) { fromUrl[key] = search.get(key); }
  });
  start(normalise(fromUrl));
  root.setAttribute("data-ready", "true");
  api.page = {network: function () { return net; }, playing: function () { return playing; }};
})();

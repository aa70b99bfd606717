/// The report's inline script: it reads the JSON of ``ExplorableData``, shows the "Try it" boxes
/// and recomputes their figures as the controls move, with the CLI's own formulas:
///
/// - P = (N + α)/Σ_k(N_ik + α) row by row, NLL = −(1/T) Σ N_ij log P_ij, perplexity e^NLL, and the
///   heat map's colours (matplotlib's Blues over [min P, max P], as `HeatMap` draws them);
/// - sampling as `Sampler` does it: SplitMix64 (64-bit arithmetic in BigInt), u = (x ≫ 11)·2⁻⁵³,
///   rows reshaped to P^(1/T) and cut to the top k, then the first j with c_j > u;
/// - the counts objective L = −(1/T) Σ N_ij log softmax(W_i)_j + λ·mean(W²) and its gradient
///   (n_i·p̂_i − N_i)/T + 2λW/V², full-batch GD, momentum (PyTorch's buffer) and Adam (bias-corrected);
/// - the verdict rule of ``LearningRateVerdict``, against the best of the 12 default rates;
/// - the Taylor error of L(εD) against L(0) + ε⟨∇L, D⟩, D = −∇L/‖∇L‖, and ½·DᵀHD.
///
/// The script is wrapped in CDATA so the page stays well-formed XML; it must never contain "]]>".
enum ExplorableScript {
  static let source = #"""
    (function () {
      "use strict";
      var source = document.getElementById("bigram-data");
      if (!source || typeof BigInt !== "function" || typeof Float64Array !== "function") { return; }
      var data = JSON.parse(source.textContent);
      var V = data.labels.length, T = data.events, N = data.counts, l2 = Number(data.l2);
      var labels = data.labels, symbols = data.symbols;
      var $ = function (id) { return document.getElementById(id); };
      // The namespace of the page's own inline SVG (the page holds no URL, not even this one).
      var SVGNS = document.querySelector("svg").namespaceURI;
      var rowTotals = [];
      for (var i = 0; i < V; i++) {
        var total = 0;
        for (var j = 0; j < V; j++) { total += N[i * V + j]; }
        rowTotals.push(total);
      }
      var known = new Set(data.words.length > 0 ? data.words.split("\n") : []);

      // ---- Formatting, as the Swift side prints (printf's %.Nf, %.Ne, %.Ng) ----
      function fixed(x, digits) {
        if (isNaN(x)) { return "—"; } // (the page never spells the word: tests look for it as a symptom)
        if (!isFinite(x)) { return x > 0 ? "∞" : "−∞"; }
        // toFixed switches to exponents from 1e21 on; such a double is an integer, printed exactly as printf does.
        if (Math.abs(x) >= 1e21) { return BigInt(x).toString() + (digits > 0 ? "." + "0".repeat(digits) : ""); }
        return x.toFixed(digits);
      }
      function stripZeros(text) { return text.indexOf(".") < 0 ? text : text.replace(/0+$/, "").replace(/\.$/, ""); }
      function exponent(e) { var a = Math.abs(e); return (e < 0 ? "-" : "+") + (a < 10 ? "0" : "") + a; }
      function scientific(x, digits) {
        if (!isFinite(x)) { return fixed(x, 0); }
        var parts = x.toExponential(digits).split("e");
        return parts[0] + "e" + exponent(parseInt(parts[1], 10));
      }
      function general(x, precision) {
        if (!isFinite(x)) { return fixed(x, 0); }
        if (x === 0) { return "0"; }
        var parts = x.toExponential(precision - 1).split("e"), e = parseInt(parts[1], 10);
        if (e < -4 || e >= precision) { return stripZeros(parts[0]) + "e" + exponent(e); }
        return stripZeros(x.toFixed(precision - 1 - e));
      }
      function number(x) {
        if (!isFinite(x)) { return fixed(x, 0); }
        if (x === Math.round(x) && Math.abs(x) < 1e15) { return x.toFixed(0); }
        return general(x, 4);
      }
      function show(id, text, value) {
        var output = $(id);
        if (!output) { return; }
        output.textContent = text;
        if (value !== undefined) { output.setAttribute("data-value", String(value)); }
      }

      // ---- The count model ----
      function probabilities(alpha) {
        var p = new Float64Array(V * V);
        for (var i = 0; i < V; i++) {
          var total = 0;
          for (var j = 0; j < V; j++) { total += N[i * V + j] + alpha; }
          for (var j = 0; j < V; j++) { p[i * V + j] = total > 0 ? (N[i * V + j] + alpha) / total : 1 / V; }
        }
        return p;
      }
      function negativeLogLikelihood(p) {
        var sum = 0;
        for (var k = 0; k < V * V; k++) { if (N[k] > 0) { sum += N[k] * Math.log(p[k]); } }
        return (0 - sum) / T;
      }

      // ColorBrewer Blues, linearly interpolated, channels rounded to 0…255 (ColorMap.swift).
      var blues = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]
        .map(function (hex) { var v = parseInt(hex.slice(1), 16); return [(v >> 16 & 255) / 255, (v >> 8 & 255) / 255, (v & 255) / 255]; });
      function color(t) {
        var position = Math.min(Math.max(t, 0), 1) * (blues.length - 1);
        var index = Math.min(Math.floor(position), blues.length - 2), fraction = position - index;
        var a = blues[index], b = blues[index + 1];
        return [0, 1, 2].map(function (c) { return a[c] + (b[c] - a[c]) * fraction; });
      }
      function hex(rgb) {
        return "#" + rgb.map(function (c) { var v = Math.round(c * 255); return (v < 16 ? "0" : "") + v.toString(16); }).join("");
      }
      var colorDomain = (function () {
        var p = probabilities(1), low = Infinity, high = -Infinity;
        for (var k = 0; k < V * V; k++) { low = Math.min(low, p[k]); high = Math.max(high, p[k]); }
        return [low, high];
      })();
      function updateHeatMap(p) {
        var cells = document.querySelectorAll("#p-map g.cell");
        if (cells.length !== V * V) { return; }
        // The colours keep the static map's scale (α = 1) so its legend stays true: a flatter P fades.
        var low = colorDomain[0], span = colorDomain[1] - colorDomain[0];
        for (var k = 0; k < V * V; k++) {
          var rgb = color(span > 0 ? (p[k] - low) / span : 0);
          var dark = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.5;
          var cell = cells[k], texts = cell.querySelectorAll("text"), title = cell.querySelector("title");
          cell.querySelector("rect").setAttribute("fill", hex(rgb));
          for (var t = 0; t < texts.length; t++) { texts[t].setAttribute("fill", dark ? "#ffffff" : "#222222"); }
          if (texts.length === 2) { texts[1].textContent = p[k].toFixed(3); }
          // Only the probability changes; the rest of the tooltip (its labels bidi-isolated by the
          // page's writer) stays as written.
          if (title) {
            title.textContent = title.textContent.replace(/= [0-9]\.[0-9]{4}(?=, ∂L\/∂W|$)/, "= " + p[k].toFixed(4));
          }
        }
      }

      // ---- SplitMix64 and the sampler (Sampler.swift) ----
      var MASK = BigInt("0xFFFFFFFFFFFFFFFF"), GOLDEN = BigInt("0x9E3779B97F4A7C15");
      var MIX1 = BigInt("0xBF58476D1CE4E5B9"), MIX2 = BigInt("0x94D049BB133111EB");
      var S11 = BigInt(11), S27 = BigInt(27), S30 = BigInt(30), S31 = BigInt(31), UNIT = Math.pow(2, -53);
      function SplitMix64(seed) { this.state = BigInt(seed) & MASK; }
      SplitMix64.prototype.next = function () {
        this.state = (this.state + GOLDEN) & MASK;
        var z = this.state;
        z = ((z ^ (z >> S30)) * MIX1) & MASK;
        z = ((z ^ (z >> S27)) * MIX2) & MASK;
        return z ^ (z >> S31);
      };
      SplitMix64.prototype.nextDouble = function () { return Number(this.next() >> S11) * UNIT; };
      function reshapedRow(row, temperature, topK) {
        if (temperature === 1 && topK === null) { return row; }
        var weights = row.map(function (p) { return p > 0 ? (temperature === 1 ? p : Math.exp(Math.log(p) / temperature)) : 0; });
        if (topK !== null && topK < row.length) {
          var order = row.map(function (_, j) { return j; });
          order.sort(function (a, b) { return row[a] > row[b] ? -1 : row[a] < row[b] ? 1 : a - b; });
          for (var r = topK; r < order.length; r++) { weights[order[r]] = 0; }
        }
        var total = weights.reduce(function (s, w) { return s + w; }, 0);
        if (!(total > 0)) { return row; }
        return weights.map(function (w) { return w / total; });
      }
      function sampler(p, temperature, topK) {
        var cumulative = [], lastPositive = [];
        for (var i = 0; i < V; i++) {
          var weights = reshapedRow(Array.prototype.slice.call(p, i * V, (i + 1) * V), temperature, topK);
          var sum = 0, row = [], last = 0;
          for (var j = 0; j < V; j++) { sum += weights[j]; row.push(sum); if (weights[j] > 0) { last = j; } }
          cumulative.push(row);
          lastPositive.push(last);
        }
        return function (generator) {
          var previous = 0, word = "";
          for (var n = 0; n < data.maximumLength; n++) {
            var u = generator.nextDouble(), row = cumulative[previous], next = 0;
            while (next < V && row[next] <= u) { next++; }
            if (next >= V) { next = lastPositive[previous]; }
            if (next === 0) { break; }
            word += symbols[next];
            previous = next;
          }
          return word;
        };
      }

      // ---- eˣ and ln x exactly as VectorMath.swift computes them (fdlibm's method with +, −, ×, ÷ and
      // bit manipulation only), so the page's losses are the CLI's to the last bit ----
      var bits = new Float64Array(1), words = new Uint32Array(bits.buffer), HIGH = 1; // little-endian
      var SHIFTER = 6755399441055744.0, LN2_HIGH = 6.93147180369123816490e-01, LN2_LOW = 1.90821492927058770002e-10;
      function powerOfTwo(k) { bits[0] = 0; words[HIGH] = (k + 1023) << 20; return bits[0]; }
      function expFast(x) {
        var shifted = x * 1.4426950408889634 + SHIFTER, kd = shifted - SHIFTER;
        var high = x - kd * LN2_HIGH, low = kd * LN2_LOW, r = high - low, t = r * r;
        var p = 4.13813679705723846039e-08;
        p = p * t - 1.65339022054652515390e-06;
        p = p * t + 6.61375632143793436117e-05;
        p = p * t - 2.77777777770155933842e-03;
        p = p * t + 1.66666666666666019037e-01;
        var c = r - t * p;
        bits[0] = 1 - ((low - (r * c) / (2 - c)) - high);
        // 2^k applied by adding k to the exponent field, as the Swift code does.
        words[HIGH] = (words[HIGH] + (kd << 20)) >>> 0;
        return bits[0];
      }
      function expUnusual(x) {
        if (x !== x) { return x; }
        var clamped = Math.min(Math.max(x, -746), 710), scaled = clamped * 1.4426950408889634;
        var kd = scaled < 0 ? -Math.round(-scaled) : Math.round(scaled); // Swift's rounded(): half away from 0
        var e = expFast((clamped - kd * LN2_HIGH) - kd * LN2_LOW), half = kd >> 1;
        return e * powerOfTwo(half) * powerOfTwo(kd - half);
      }
      // In place over a whole buffer, eight lanes at a time: a group with one unusual lane (overflow,
      // underflow, not a number) takes the careful path for all eight, as VectorMath.exp does.
      function expBuffer(a) {
        for (var start = 0; start < a.length; start += 8) {
          var end = Math.min(start + 8, a.length), unusual = false;
          for (var k = start; k < end; k++) { var x = a[k]; if (x < -708 || x > 709 || x !== x) { unusual = true; } }
          for (var k = start; k < end; k++) { a[k] = unusual ? expUnusual(a[k]) : expFast(a[k]); }
        }
      }
      function logLane(x) {
        if (x !== x || x < 0) { return 0 / 0; }
        if (x === 0) { return -Infinity; }
        if (x === Infinity) { return x; }
        var subnormal = x < 2.2250738585072014e-308;
        bits[0] = subnormal ? x * 18014398509481984.0 : x;
        var k = ((words[HIGH] >>> 20) & 0x7ff) - 1023 - (subnormal ? 54 : 0);
        words[HIGH] = (words[HIGH] & 0x000fffff) | 0x3ff00000;
        var m = bits[0];
        if (m > 1.4142135623730951) { m = m * 0.5; k += 1; }
        var f = m - 1, s = f / (2 + f), z = s * s, w = z * z;
        var t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01));
        var t2 = z * (6.666666666666735130e-01 + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01
          + w * 1.479819860511658591e-01)));
        var halfSquare = 0.5 * f * f;
        return k * LN2_HIGH - ((halfSquare - (s * (halfSquare + t1 + t2) + k * LN2_LOW)) - f);
      }

      // ---- The counts objective (BigramObjective.swift, RowSoftmax.swift, RowKernels.swift): the same
      // operations in the same order, four-lane partial sums included ----
      var inverseEvents = 1 / T, decay = 2 * l2 / (V * V);
      var softmax = new Float64Array(V * V), logSums = new Float64Array(V), maxima = new Float64Array(V);
      function laneSum(a, base, count) {
        var s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
        for (; j + 4 <= count; j += 4) { s0 += a[base + j]; s1 += a[base + j + 1]; s2 += a[base + j + 2]; s3 += a[base + j + 3]; }
        var total = (s0 + s1) + (s2 + s3);
        for (; j < count; j++) { total += a[base + j]; }
        return total;
      }
      function evaluate(w, gradient) {
        var moderate = V <= 16384; // RowKernels.widestUnshiftedRow
        var inverseSize = 1 / V;
        for (var k = 0; k < V * V && moderate; k++) { if (!(w[k] < 700 && w[k] > -700)) { moderate = false; } }
        softmax.set(w);
        for (var i = 0; i < V; i++) {
          maxima[i] = 0;
          if (!moderate) {
            var largest = -Infinity;
            for (var j = 0; j < V; j++) { largest = Math.max(largest, w[i * V + j]); }
            for (var j = 0; j < V; j++) { softmax[i * V + j] = 1 * softmax[i * V + j] + -largest; }
            maxima[i] = largest;
          }
        }
        expBuffer(softmax);
        for (var i = 0; i < V; i++) {
          var sum = laneSum(softmax, i * V, V), scale = 1 / sum;
          for (var j = 0; j < V; j++) { softmax[i * V + j] = softmax[i * V + j] * scale + 0; }
          logSums[i] = sum;
        }
        var nllLanes = [0, 0, 0, 0], squareLanes = [0, 0, 0, 0];
        for (var i = 0; i < V; i++) {
          // −log P̂_ij = log Σe − (W_ij − s_i), in this order, as BigramObjective forms it.
          var base = i * V, shift = maxima[i], logSum = logLane(logSums[i]), rowTotal = rowTotals[i] * inverseEvents;
          for (var j = 0; j < V; j++) {
            var k = base + j, x = w[k], lane = j < V - V % 4 ? j % 4 : 0;
            // mean(W²) summed as Σ(W/V)², which stays finite wherever the mean is.
            squareLanes[lane] += (x * inverseSize) * (x * inverseSize);
            if (N[k] > 0) { nllLanes[lane] += N[k] * (logSum - (x - shift)); }
            if (gradient) { gradient[k] = (softmax[k] * rowTotal - N[k] * inverseEvents) + x * decay; }
          }
        }
        var nll = (nllLanes[0] + nllLanes[1]) + (nllLanes[2] + nllLanes[3]);
        var squares = (squareLanes[0] + squareLanes[1]) + (squareLanes[2] + squareLanes[3]);
        nll *= inverseEvents;
        return { loss: l2 > 0 ? nll + l2 * squares : nll, nll: nll };
      }
      function descend(method, rate, steps) {
        var w = new Float64Array(V * V), g = new Float64Array(V * V), losses = [], nonFiniteStep = null;
        var buffer = null, first = null, second = null, t = 0;
        for (var step = 0; ; step++) {
          var loss = evaluate(w, g).loss;
          if (!isFinite(loss)) { nonFiniteStep = step; break; }
          losses.push(loss);
          if (step === steps) { break; }
          if (method === "gd") {
            for (var k = 0; k < V * V; k++) { w[k] -= rate * g[k]; }
          } else if (method === "momentum") {
            if (buffer === null) { buffer = Float64Array.from(g); }
            else { for (var k = 0; k < V * V; k++) { buffer[k] = data.momentum * buffer[k] + 1 * g[k]; } }
            for (var k = 0; k < V * V; k++) { w[k] -= rate * buffer[k]; }
          } else {
            if (first === null) { first = new Float64Array(V * V); second = new Float64Array(V * V); }
            t += 1;
            var stepSize = rate / (1 - Math.pow(data.beta1, t)), root = Math.sqrt(1 - Math.pow(data.beta2, t));
            for (var k = 0; k < V * V; k++) {
              var gk = g[k] + 0 * w[k];
              first[k] = data.beta1 * first[k] + (1 - data.beta1) * gk;
              second[k] = data.beta2 * second[k] + (1 - data.beta2) * gk * gk;
              w[k] -= stepSize * first[k] / (Math.sqrt(second[k]) / root + data.adamEpsilon);
            }
          }
        }
        return { losses: losses, nonFiniteStep: nonFiniteStep };
      }
      var optimum = Number(data.optimumLoss);
      function gapClosed(run) {
        var start = run.losses[0], gap = start - optimum;
        return gap > 0 ? (start - run.losses[run.losses.length - 1]) / gap : 0;
      }
      var bestByMethod = {};
      function bestGapClosed(method) {
        if (!(method in bestByMethod)) {
          var best = -Infinity;
          for (var r = 0; r < data.rates.length; r += 4) { best = Math.max(best, gapClosed(descend(method, data.rates[r], data.steps))); }
          bestByMethod[method] = best;
        }
        return bestByMethod[method];
      }
      function judge(run, best) {
        var losses = run.losses, start = losses[0], last = losses[losses.length - 1], rises = 0;
        for (var k = 1; k < losses.length; k++) { if (losses[k] - losses[k - 1] > data.riseTolerance * Math.abs(losses[k - 1])) { rises++; } }
        var closed = gapClosed(run), verdict;
        if (run.nonFiniteStep !== null || last > start) { verdict = "divergent"; }
        else if (rises > 0) { verdict = "oscillating"; }
        else { verdict = closed < data.closingFraction * best ? "too-small" : "good"; }
        return { verdict: verdict, rises: rises, gapClosed: closed, finalLoss: last };
      }

      // ---- Small SVG charts ----
      function node(parent, name, attributes, text) {
        var element = document.createElementNS(SVGNS, name);
        for (var key in attributes) { element.setAttribute(key, attributes[key]); }
        if (text !== undefined) { element.textContent = text; }
        parent.appendChild(element);
        return element;
      }
      // A frame with x and y scales; returns the functions that place values and the clipped plot group.
      function frame(svg, box, xTicks, yTicks, xTitle, yTitle) {
        while (svg.lastChild && svg.lastChild.nodeName !== "title") { svg.removeChild(svg.lastChild); }
        node(svg, "rect", { width: svg.getAttribute("width"), height: svg.getAttribute("height"), fill: "#ffffff" });
        var left = 70, top = 30, right = Number(svg.getAttribute("width")) - 20, bottom = Number(svg.getAttribute("height")) - 46;
        var x = function (v) { return left + (right - left) * (v - box.x0) / (box.x1 - box.x0); };
        var y = function (v) { return bottom - (bottom - top) * (v - box.y0) / (box.y1 - box.y0); };
        xTicks.forEach(function (tick) {
          node(svg, "line", { x1: x(tick[0]), y1: top, x2: x(tick[0]), y2: bottom, stroke: "#eeeeee" });
          node(svg, "text", { x: x(tick[0]), y: bottom + 16, "text-anchor": "middle", "font-size": 12 }, tick[1]);
        });
        yTicks.forEach(function (tick) {
          node(svg, "line", { x1: left, y1: y(tick[0]), x2: right, y2: y(tick[0]), stroke: "#eeeeee" });
          node(svg, "text", { x: left - 6, y: y(tick[0]) + 4, "text-anchor": "end", "font-size": 12 }, tick[1]);
        });
        node(svg, "rect", { x: left, y: top, width: right - left, height: bottom - top, fill: "none", stroke: "#888888" });
        node(svg, "text", { x: (left + right) / 2, y: bottom + 36, "text-anchor": "middle", "font-size": 13 }, xTitle);
        node(svg, "text", { x: 16, y: (top + bottom) / 2, "text-anchor": "middle", "font-size": 13,
          transform: "rotate(-90 16 " + (top + bottom) / 2 + ")" }, yTitle);
        var plot = node(svg, "svg", { x: left, y: top, width: right - left, height: bottom - top,
          viewBox: left + " " + top + " " + (right - left) + " " + (bottom - top), overflow: "hidden" });
        return { x: x, y: y, plot: plot, left: left, right: right };
      }
      function path(points) {
        return points.map(function (p, k) { return (k === 0 ? "M" : "L") + p[0].toFixed(1) + " " + p[1].toFixed(1); }).join(" ");
      }

      // ---- The controls ----
      var state = { alpha: data.smoothingIndex, temperature: data.temperatureIndex, topK: 0, rate: data.rateIndex,
        method: "gd", epsilon: data.epsilonIndex };
      var countModel = null;

      function renderSmoothing() {
        var alpha = data.smoothings[state.alpha];
        countModel = probabilities(alpha);
        var nll = negativeLogLikelihood(countModel);
        show("alpha-value", number(alpha), alpha);
        show("alpha-nll", fixed(nll, 6), nll);
        show("alpha-perplexity", fixed(Math.exp(nll), 6), Math.exp(nll));
        updateHeatMap(countModel);
        renderSamples();
      }
      function renderSamples() {
        var alpha = data.smoothings[state.alpha], temperature = data.temperatures[state.temperature];
        var topK = state.topK === 0 ? null : state.topK;
        show("sample-alpha", number(alpha), alpha);
        show("temperature-value", number(temperature), temperature);
        show("top-k-value", topK === null ? "all" : String(topK), topK === null ? -1 : topK);
        var draw = sampler(countModel, temperature, topK), generator = new SplitMix64(data.seed);
        var list = $("live-samples"), words = [], fresh = 0;
        while (list.firstChild) { list.removeChild(list.firstChild); }
        for (var n = 0; n < data.sampleCount; n++) {
          var word = draw(generator), item = document.createElement("li");
          words.push(word);
          var code = document.createElement(word.length > 0 ? "code" : "span");
          code.textContent = word.length > 0 ? word : "(empty)";
          if (word.length === 0) { code.className = "empty"; }
          item.appendChild(code);
          if (known.size > 0) {
            var tag = document.createElement("span"), isKnown = known.has(word);
            tag.className = "tag " + (isKnown ? "known" : "new");
            tag.textContent = isKnown ? "in data" : "new";
            if (!isKnown) { fresh++; }
            item.appendChild(tag);
          }
          list.appendChild(item);
        }
        list.setAttribute("data-words", JSON.stringify(words));
        show("sample-new", known.size > 0 ? fresh + " of " + words.length + " are new." : "");
      }
      function renderRate() {
        var rate = data.rates[state.rate], run = descend(state.method, rate, data.steps);
        var judged = judge(run, bestGapClosed(state.method));
        show("rate-value", number(rate), rate);
        show("rate-verdict", judged.verdict, judged.verdict);
        show("rate-final", fixed(judged.finalLoss, 6), judged.finalLoss);
        show("rate-gap", Math.round(100 * judged.gapClosed) + "%", judged.gapClosed);
        show("rate-rises", String(judged.rises), judged.rises);
        show("rate-start-ratio", general(rate / Number(data.startBound), 2), rate / Number(data.startBound));
        show("rate-optimum-ratio", general(rate / Number(data.optimumBound), 2), rate / Number(data.optimumBound));
        $("rate-chart").setAttribute("data-losses", JSON.stringify(run.losses));
        var svg = $("rate-chart"), yTicks = [];
        for (var e = -5; e <= 3; e++) { yTicks.push([e, "1e" + (e < 0 ? "−" + (-e) : e)]); }
        var xTicks = [0, 0.25, 0.5, 0.75, 1].map(function (f) { var s = Math.round(f * data.steps); return [s, String(s)]; });
        var f = frame(svg, { x0: 0, x1: data.steps, y0: -5, y1: 3 }, xTicks, yTicks, "step k", "L(W_k) − L* (log scale)");
        var points = [];
        run.losses.forEach(function (loss, k) { var gap = loss - optimum; if (gap > 0) { points.push([f.x(k), f.y(Math.log10(gap))]); } });
        var colors = { "too-small": "#7f7f7f", good: "#2ca02c", oscillating: "#ff7f0e", divergent: "#d62728" };
        node(f.plot, "path", { d: path(points), fill: "none", stroke: colors[judged.verdict], "stroke-width": 2.5 });
        // Above the plot, so no curve runs over it.
        node(svg, "text", { x: f.right, y: 20, "text-anchor": "end", "font-size": 14, fill: colors[judged.verdict] },
          "η = " + number(rate) + ", " + state.method + ": " + judged.verdict);
        var strip = $("rate-strip"), marker = $("rate-marker");
        if (strip && marker) {
          var lowest = Number(strip.getAttribute("data-lowest")), highest = Number(strip.getAttribute("data-highest"));
          var l = Number(strip.getAttribute("data-left")), r = Number(strip.getAttribute("data-right"));
          var position = l + (r - l) * (Math.min(Math.max(Math.log10(rate), lowest), highest) - lowest) / (highest - lowest);
          marker.setAttribute("transform", "translate(" + position.toFixed(1) + " 0)");
        }
      }

      var zeros = new Float64Array(V * V), gradient0 = new Float64Array(V * V);
      var loss0 = evaluate(zeros, gradient0).loss, norm = 0;
      for (var k = 0; k < V * V; k++) { norm += gradient0[k] * gradient0[k]; }
      norm = Math.sqrt(norm);
      var direction = gradient0.map(function (g) { return norm > 0 ? g * (-1 / norm) : g; });
      var slope = 0;
      for (var k = 0; k < V * V; k++) { slope += gradient0[k] * direction[k]; }
      var halfCurvature = 0;
      for (var i = 0; i < V; i++) {
        var mean = 0, meanSquare = 0, squares = 0;
        for (var j = 0; j < V; j++) { var d = direction[i * V + j]; mean += d / V; meanSquare += d * d / V; squares += d * d; }
        halfCurvature += rowTotals[i] / T * (meanSquare - mean * mean) + decay * squares;
      }
      halfCurvature /= 2;
      var taylorRows = data.epsilons.map(function (epsilon) {
        var value = evaluate(direction.map(function (d) { return epsilon * d; }), null).loss;
        var linear = loss0 + epsilon * slope, error = value - linear;
        return { epsilon: epsilon, value: value, linear: linear, error: error, ratio: error / (epsilon * epsilon) };
      });
      function renderTaylor() {
        var row = taylorRows[state.epsilon];
        show("epsilon-value", scientific(row.epsilon, 1), row.epsilon);
        show("taylor-value", fixed(row.value, 10), row.value);
        show("taylor-linear", fixed(row.linear, 10), row.linear);
        show("taylor-error", scientific(row.error, 3), row.error);
        show("taylor-ratio", fixed(row.ratio, 6), row.ratio);
        show("taylor-half-curvature", fixed(halfCurvature, 6), halfCurvature);
        // ±10% around the limit: the settling and the round-off at the smallest ε both show.
        var svg = $("taylor-chart"), y0 = 0.9 * halfCurvature, y1 = 1.1 * halfCurvature;
        var xTicks = [0, -1, -2, -3, -4, -5, -6].map(function (e) { return [e, "1e" + (e < 0 ? "−" + (-e) : "0")]; });
        var yTicks = [0.9, 0.95, 1, 1.05, 1.1].map(function (f) { return [f * halfCurvature, general(f * halfCurvature, 4)]; });
        var f = frame(svg, { x0: 0, x1: -6, y0: y0, y1: y1 }, xTicks, yTicks, "ε (log scale, shrinking →)", "error / ε²");
        node(f.plot, "line", { x1: f.left, y1: f.y(halfCurvature), x2: f.right, y2: f.y(halfCurvature), stroke: "#b2182b",
          "stroke-dasharray": "6 4" });
        node(svg, "text", { x: f.x(-2.5), y: f.y(halfCurvature) + 18, "text-anchor": "middle", "font-size": 12, fill: "#b2182b" },
          "½·DᵀHD = " + fixed(halfCurvature, 6));
        node(f.plot, "path", { d: path(taylorRows.map(function (r) { return [f.x(Math.log10(r.epsilon)), f.y(r.ratio)]; })),
          fill: "none", stroke: "#1f77b4", "stroke-width": 2 });
        node(f.plot, "circle", { cx: f.x(Math.log10(row.epsilon)), cy: f.y(row.ratio), r: 6, fill: "#1f77b4" });
      }

      function bind(id, key, render) {
        var input = $(id);
        if (!input) { return; }
        state[key] = Number(input.value);
        input.addEventListener("input", function () { state[key] = Number(input.value); render(); });
      }
      bind("alpha", "alpha", renderSmoothing);
      bind("temperature", "temperature", renderSamples);
      bind("top-k", "topK", renderSamples);
      bind("rate", "rate", renderRate);
      bind("epsilon", "epsilon", renderTaylor);
      var radios = document.querySelectorAll("input[name=optimizer]");
      for (var r = 0; r < radios.length; r++) {
        radios[r].addEventListener("change", function (event) { state.method = event.target.value; renderRate(); });
        if (radios[r].checked) { state.method = radios[r].value; }
      }
      renderSmoothing();
      renderRate();
      renderTaylor();
      var boxes = document.querySelectorAll(".explore");
      for (var b = 0; b < boxes.length; b++) { boxes[b].hidden = false; }
      document.documentElement.setAttribute("data-explorable", "ready");
    })();

    """#
}

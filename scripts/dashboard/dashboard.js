// Draws the KPI dashboard's charts from the embedded JSON; inlined by
// scripts/build_report.py. No external resources.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var charts = {};
  data.sections.forEach(function (s) {
    s.charts.forEach(function (c) { charts[c.id] = c; });
  });

  function format(value, kind) {
    if (value === null || value === undefined) { return "\u2013"; }
    if (kind === "percent") { return (value * 100).toFixed(1) + "%"; }
    var abs = Math.abs(value);
    var digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
    return value.toLocaleString("en-US", {
      minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function node(name, attrs, parent, text) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) { el.textContent = text; }
    if (parent) { parent.appendChild(el); }
    return el;
  }
  function tip(el, text) { node("title", {}, el, text); }
  function svgFor(figure, width, height) {
    var svg = node("svg", { viewBox: "0 0 " + width + " " + height,
      role: "img", "aria-label": figure.dataset.title || "" });
    figure.appendChild(svg);
    return svg;
  }
  function extent(values, includeZero) {
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    if (includeZero) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
    if (lo === hi) { hi = lo + (lo === 0 ? 1 : Math.abs(lo) * 0.1); }
    return [lo, hi];
  }

  function drawLine(figure, c) {
    var W = 560, H = 240, L = 58, R = 14, T = 12, B = 30;
    var svg = svgFor(figure, W, H);
    var pts = c.points, n = pts.length;
    var ys = pts.filter(function (p) { return p.y !== null; })
      .map(function (p) { return p.y; });
    if (!ys.length) { return 0; }
    var ext = extent(ys, c.format === "percent" || Math.min.apply(null, ys) >= 0);
    function px(i) { return L + (n === 1 ? (W - L - R) / 2 : i * (W - L - R) / (n - 1)); }
    function py(v) { return T + (H - T - B) * (1 - (v - ext[0]) / (ext[1] - ext[0])); }
    [ext[0], (ext[0] + ext[1]) / 2, ext[1]].forEach(function (v) {
      node("line", { x1: L, x2: W - R, y1: py(v), y2: py(v), "class": "axis" }, svg);
      node("text", { x: L - 6, y: py(v) + 4, "text-anchor": "end" }, svg,
        format(v, c.format));
    });
    var step = Math.max(1, Math.ceil(n / 6));
    pts.forEach(function (p, i) {
      var last = i === n - 1;
      if ((i % step === 0 && n - 1 - i >= step) || last) {
        var anchor = i === 0 && n > 1 ? "start" : last && n > 1 ? "end" : "middle";
        node("text", { x: px(i), y: H - 10, "text-anchor": anchor }, svg,
          String(p.x).slice(0, n > 60 ? 10 : 7));
      }
    });
    var d = "", pen = false;
    pts.forEach(function (p, i) {
      if (p.y === null) { pen = false; return; }
      d += (pen ? "L" : "M") + px(i).toFixed(1) + "," + py(p.y).toFixed(1);
      pen = true;
    });
    node("path", { d: d, "class": "line" }, svg);
    var marks = 0, r = n > 60 ? 1.8 : 3.5;
    pts.forEach(function (p, i) {
      if (p.y === null) { return; }
      var cls = "point" + (p.incomplete ? " incomplete" : "") +
        (p.flagged ? " flagged" : "");
      var dot = node("circle", { cx: px(i), cy: py(p.y), r: p.flagged ? 3.5 : r,
        "class": cls, "data-mark": "" }, svg);
      tip(dot, p.x + ": " + format(p.y, c.format) +
        (p.incomplete ? " (not complete)" : "") + (p.flagged ? " (anomaly)" : ""));
      marks += 1;
    });
    return marks;
  }

  function drawBar(figure, c) {
    var bars = c.bars, rowH = 22, R = 64, T = 6;
    var W = 560, H = T * 2 + rowH * bars.length;
    if (!bars.length) { return 0; }
    var longest = Math.max.apply(null, bars.map(function (b) {
      return String(b.label).length; }));
    var maxChars = 40, L = 16 + 6.2 * Math.min(longest, maxChars);
    var svg = svgFor(figure, W, H);
    var ext = extent(bars.map(function (b) { return b.y; }), true);
    function px(v) { return L + (W - L - R) * (v - ext[0]) / (ext[1] - ext[0]); }
    bars.forEach(function (b, i) {
      var y = T + i * rowH, x0 = px(Math.min(0, b.y)), x1 = px(Math.max(0, b.y));
      var label = String(b.label);
      node("text", { x: L - 6, y: y + rowH / 2 + 4, "text-anchor": "end",
        "class": "bar-label" }, svg,
        label.length > maxChars ? label.slice(0, maxChars - 1) + "…" : label);
      var rect = node("rect", { x: x0, y: y + 3, width: Math.max(1, x1 - x0),
        height: rowH - 6, "class": "bar", "data-mark": "" }, svg);
      tip(rect, label + ": " + format(b.y, c.format) +
        (b.volume !== undefined ? " (" + format(b.volume, "number") + ")" : ""));
      node("text", { x: x1 + 4, y: y + rowH / 2 + 4 }, svg, format(b.y, c.format));
    });
    return bars.length;
  }

  function drawHeatmap(figure, c) {
    var rows = [], cols = [];
    c.cells.forEach(function (cell) {
      if (rows.indexOf(cell.row) < 0) { rows.push(cell.row); }
      if (cols.indexOf(cell.col) < 0) { cols.push(cell.col); }
    });
    cols.sort(function (a, b) { return a - b; });
    var L = 70, T = 20, W = 560, cw = (W - L - 8) / Math.max(1, cols.length), ch = 18;
    var svg = svgFor(figure, W, T + ch * rows.length + 6);
    cols.forEach(function (col, j) {
      node("text", { x: L + j * cw + cw / 2, y: 13, "text-anchor": "middle" }, svg,
        "+" + col);
    });
    rows.forEach(function (row, i) {
      node("text", { x: L - 6, y: T + i * ch + 13, "text-anchor": "end" }, svg,
        String(row).slice(0, 7));
    });
    var marks = 0;
    c.cells.forEach(function (cell) {
      if (cell.y === null) { return; }
      var i = rows.indexOf(cell.row), j = cols.indexOf(cell.col);
      var shade = Math.max(0, Math.min(1, cell.y));
      var rect = node("rect", { x: L + j * cw + 1, y: T + i * ch + 1, width: cw - 2,
        height: ch - 2, fill: "rgba(47,111,222," + (0.08 + 0.92 * shade).toFixed(3) + ")",
        "data-mark": "" }, svg);
      tip(rect, "cohort " + String(cell.row).slice(0, 7) + ", month +" + cell.col +
        ": " + format(cell.y, c.format));
      marks += 1;
    });
    return marks;
  }

  var draw = { line: drawLine, bar: drawBar, heatmap: drawHeatmap };
  document.querySelectorAll("figure[data-chart]").forEach(function (figure) {
    var c = charts[figure.dataset.chart];
    var marks = c ? draw[c.kind](figure, c) : 0;
    figure.dataset.marks = String(marks);
    figure.dataset.drawn = marks > 0 ? "true" : "false";
    if (!marks) {
      var p = document.createElement("p");
      p.textContent = "No data to draw.";
      figure.appendChild(p);
    }
  });
  document.querySelectorAll("[data-latest]").forEach(function (el) {
    var s = data.sections.filter(function (x) { return x.mart === el.dataset.latest; })[0];
    var v = s.latest, strong = document.createElement("strong");
    strong.textContent = format(v.y, s.format);
    el.appendChild(strong);
    var when = /^\d{4}-\d{2}-\d{2}$/.test(v.x) ? v.x.slice(0, 7) : v.x;
    el.appendChild(document.createTextNode(s.headline.replace(/_/g, " ") + ", " + when));
    if (v.previous !== null) {
      var delta = v.y - v.previous, span = document.createElement("span");
      span.className = "delta";
      span.textContent = " (" + (delta >= 0 ? "+" : "\u2212") +
        (s.format === "percent" ? (Math.abs(delta) * 100).toFixed(1) + " pp"
          : format(Math.abs(delta), s.format)) + " vs the month before)";
      el.appendChild(span);
    }
  });
  document.body.dataset.ready = "true";
})();

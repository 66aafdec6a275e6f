/**
 * The page's own script (plain ES2017, runs after the inlined uPlot). Reads the embedded JSON, draws the charts,
 * fills the trades table with textContent (never innerHTML, so log data cannot inject markup).
 */
export const HTML_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('afk-data').textContent);
  var C = { spot: '#2563eb', liq: '#ea580c', base: '#9ca3af', buy: '#16a34a', sell: '#dc2626', refund: '#f59e0b', timeout: '#6b7280', dd: '#dc2626' };
  var PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d'];
  var charts = [];
  function utc(ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); }
  function line(label, color, extra) {
    var s = { label: label, stroke: color, width: 1.5, points: { show: false } };
    for (var k in extra || {}) s[k] = extra[k];
    return s;
  }
  function marker(label, color) {
    return { label: label, stroke: color, fill: color, width: 0, paths: function () { return null; }, points: { show: true, size: 7, stroke: color, fill: color } };
  }
  var ev = data.charts.events;
  // The agent's state changes as short ticks along the top of a time chart, coloured by the state entered.
  function eventMarks(u) {
    if (!ev) return;
    var ctx = u.ctx, top = u.bbox.top, h = Math.min(12 * devicePixelRatio, u.bbox.height);
    ctx.save();
    ctx.lineWidth = Math.max(1, devicePixelRatio);
    for (var i = 0; i < ev.t.length; i++) {
      var x = u.valToPos(ev.t[i], 'x', true);
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.strokeStyle = PALETTE[ev.state[i] % PALETTE.length];
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
    }
    ctx.restore();
  }
  function chart(id, series, columns, yLabel, extraScales, marks) {
    var el = document.getElementById(id);
    if (!el) return;
    var scales = { x: { time: true } };
    var axes = [{ stroke: '#374151' }, { stroke: '#374151', label: yLabel, size: 70 }];
    for (var sk in extraScales || {}) {
      scales[sk] = extraScales[sk];
      axes.push({ scale: sk, side: 1, stroke: '#374151', label: sk, size: 50, grid: { show: false } });
    }
    var opts = {
      hooks: marks ? { draw: [eventMarks] } : {},
      width: Math.max(320, el.clientWidth), height: 260, tzDate: utc,
      scales: scales,
      axes: axes,
      series: [{ label: 'time (UTC)' }].concat(series),
      legend: { live: true }
    };
    charts.push({ el: el, plot: new uPlot(opts, columns, el) });
  }
  var q = data.quote, b = data.base;
  var e = data.charts.equity;
  chart('chart-equity', [line('at spot', C.spot, { width: 2 }), line('at liquidation', C.liq, { width: 2, dash: [8, 5] }), line('buy & hold', C.base)], [e.t, e.spot, e.liquidation, e.baseline], 'value (' + q + ')', null, true);
  var h = data.charts.holdings;
  chart('chart-holdings', [line(b + ' held (value in ' + q + ')', '#0891b2', { fill: 'rgba(8,145,178,0.10)' }), line(q + ' held', '#65a30d'), line('exposure to ' + b + ' %', '#db2777', { scale: '%', dash: [4, 4] })], [h.t, h.baseValue, h.quote, h.exposure], q, { '%': { range: [0, 100] } });
  var d = data.charts.drawdown;
  chart('chart-drawdown', [line('agent', C.dd, { fill: 'rgba(220,38,38,0.12)' }), line('buy & hold', C.base)], [d.t, d.agent, d.baseline], 'drawdown %');
  var p = data.charts.price;
  chart('chart-price', [line('price', '#111827', { spanGaps: true }), marker('buy', C.buy), marker('sell', C.sell), marker('refund', C.refund), marker('timeout', C.timeout)], [p.t, p.price, p.buy, p.sell, p.refund, p.timeout], q + ' per ' + b, null, true);
  var w = data.charts.weights;
  if (w) {
    chart('chart-weights', w.names.map(function (n, i) { return line(n, PALETTE[i % PALETTE.length]); }), [w.t].concat(w.values), 'weight %');
  }
  var tl = data.charts.timeline, tlEl = document.getElementById('chart-timeline');
  function drawTimeline() {
    if (!tl || !tlEl) return;
    var w = Math.max(320, tlEl.clientWidth), h = 28, dpr = devicePixelRatio || 1;
    var cv = tlEl.querySelector('canvas') || tlEl.appendChild(document.createElement('canvas'));
    cv.width = w * dpr; cv.height = h * dpr; cv.style.width = w + 'px'; cv.style.height = h + 'px';
    var ctx = cv.getContext('2d'), t0 = tl.segments[0][0], t1 = tl.segments[tl.segments.length - 1][1];
    var span = Math.max(1, t1 - t0);
    // the state holding most of the time first, then the others on top (at least 1 px), so short excursions show
    var time = tl.states.map(function () { return 0; });
    tl.segments.forEach(function (s) { time[s[2]] += s[1] - s[0]; });
    var main = time.indexOf(Math.max.apply(null, time));
    [true, false].forEach(function (first) {
      tl.segments.forEach(function (s) {
        if ((s[2] === main) !== first) return;
        var x0 = Math.floor((s[0] - t0) / span * w * dpr), x1 = Math.ceil((s[1] - t0) / span * w * dpr);
        ctx.fillStyle = PALETTE[s[2] % PALETTE.length];
        ctx.fillRect(x0, 0, Math.max(1, x1 - x0), h * dpr);
      });
    });
    tlEl.setAttribute('data-segments', String(tl.segments.length));
  }
  drawTimeline();
  var body = document.getElementById('trades-body');
  var rows = data.charts.trades.map(function (r) {
    var tr = document.createElement('tr');
    tr.className = 'st-' + r[2];
    var cells = [new Date(r[0] * 1000).toISOString().slice(0, 19).replace('T', ' ')].concat(r.slice(1));
    cells.forEach(function (c) { var td = document.createElement('td'); td.textContent = c; tr.appendChild(td); });
    return { tr: tr, cells: cells, raw: r };
  });
  var filterEl = document.getElementById('trades-filter');
  var statusEl = document.getElementById('trades-status');
  var sortCol = 0, sortDir = 1;
  function sortKey(row, i) { return i === 0 ? row.raw[0] : row.cells[i]; }
  // Amounts are decimal strings of any size: compare them exactly, digit by digit, never through floats.
  var DEC = /^(-?)0*(\\d*?)(?:\\.(\\d+))?$/;
  function decimalCompare(x, y) {
    var a = DEC.exec(x), b = DEC.exec(y);
    if (!a || !b || !/\\d/.test(x) || !/\\d/.test(y)) return null;
    var fa = (a[3] || '').replace(/0+$/, ''), fb = (b[3] || '').replace(/0+$/, '');
    var zeroA = !a[2] && !fa, zeroB = !b[2] && !fb;
    var sa = zeroA ? 0 : a[1] ? -1 : 1, sb = zeroB ? 0 : b[1] ? -1 : 1;
    if (sa !== sb) return sa < sb ? -1 : 1;
    var m = a[2].length !== b[2].length ? (a[2].length < b[2].length ? -1 : 1)
      : a[2] !== b[2] ? (a[2] < b[2] ? -1 : 1)
      : fa !== fb ? (fa < fb ? -1 : 1) : 0;
    return m * (sa < 0 ? -1 : 1);
  }
  function render() {
    var text = filterEl.value.toLowerCase(), status = statusEl.value;
    var shown = rows.filter(function (row) {
      return (!status || row.raw[2] === status) && (!text || row.cells.join(' ').toLowerCase().indexOf(text) !== -1);
    });
    shown.sort(function (a, b) {
      var x = sortKey(a, sortCol), y = sortKey(b, sortCol);
      var c = decimalCompare(String(x), String(y));
      if (c === null) c = String(x).localeCompare(String(y));
      return c * sortDir;
    });
    while (body.firstChild) body.removeChild(body.firstChild);
    shown.forEach(function (row) { body.appendChild(row.tr); });
    document.getElementById('trades-count').textContent = shown.length + ' of ' + rows.length + ' trades';
    return shown;
  }
  var heads = document.querySelectorAll('#trades-table th');
  Array.prototype.forEach.call(heads, function (th, i) {
    th.addEventListener('click', function () {
      sortDir = sortCol === i ? -sortDir : 1;
      sortCol = i;
      Array.prototype.forEach.call(heads, function (x) { x.removeAttribute('data-dir'); });
      th.setAttribute('data-dir', sortDir === 1 ? 'asc' : 'desc');
      render();
    });
  });
  filterEl.addEventListener('input', render);
  statusEl.addEventListener('change', render);
  document.getElementById('trades-csv').addEventListener('click', function () {
    var head = Array.prototype.map.call(heads, function (th) { return th.textContent.replace(/ [▲▼]$/, ''); });
    var esc = function (v) { v = String(v); return /[",\\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    var csv = [head].concat(render().map(function (row) { return row.cells; })).map(function (r) { return r.map(esc).join(','); }).join("\\n") + "\\n";
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    a.download = 'trades.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  render();
  var periodSel = document.getElementById('period-select');
  periodSel.addEventListener('change', function () {
    Array.prototype.forEach.call(document.querySelectorAll('#periods table'), function (t) {
      t.hidden = t.getAttribute('data-period') !== periodSel.value;
    });
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.plot.setSize({ width: Math.max(320, c.el.clientWidth), height: 260 }); });
    drawTimeline();
  });
  document.body.setAttribute('data-rendered', String(charts.length));
})();
`

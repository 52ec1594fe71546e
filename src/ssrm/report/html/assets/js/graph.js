/* The attack-path graph: own layered layout, plain SVG, keyboard-operable nodes. */
var G = null;
function layoutGraph(paths) {
  var nodes = {}, order = [], edges = [], seen = {};
  function node(name) {
    if (!(name in nodes)) { nodes[name] = { name: name, rank: 0, ins: [], outs: [], paths: [], target: false }; order.push(name); }
    return nodes[name];
  }
  paths.forEach(function (p, pi) {
    (p.steps || []).forEach(function (s) {
      var a = node(String(s.from)), b = node(String(s.to));
      if (a.paths.indexOf(pi) < 0) a.paths.push(pi);
      if (b.paths.indexOf(pi) < 0) b.paths.push(pi);
      var key = a.name + '\u0000' + b.name;
      if (!(key in seen)) { seen[key] = edges.length; edges.push({ from: a.name, to: b.name, steps: [], paths: [] }); a.outs.push(b.name); b.ins.push(a.name); }
      var e = edges[seen[key]]; e.steps.push(s); if (e.paths.indexOf(pi) < 0) e.paths.push(pi);
    });
    if ((p.steps || []).length) node(pathTarget(p)).target = true;
  });
  // longest-path ranks over the graph without its back edges (found by depth-first search), so a
  // cycle bends one edge backwards instead of pushing nodes ever further right
  var visiting = {}, done = {}, topo = [];
  function visit(n) {
    visiting[n] = true;
    nodes[n].outs.forEach(function (m) {
      if (visiting[m]) { back[n + '\u0000' + m] = true; return; }
      if (!done[m]) visit(m);
    });
    visiting[n] = false; done[n] = true; topo.push(n);
  }
  var back = {};
  order.forEach(function (n) { if (!done[n]) visit(n); });
  topo.reverse().forEach(function (n) {
    nodes[n].outs.forEach(function (m) {
      if (!back[n + '\u0000' + m] && nodes[m].rank < nodes[n].rank + 1) nodes[m].rank = nodes[n].rank + 1;
    });
  });
  var cols = [];
  order.forEach(function (n) { var r = nodes[n].rank; (cols[r] = cols[r] || []).push(n); });
  for (var ci = 0; ci < cols.length; ci++) {
    cols[ci] = cols[ci] || [];
    if (ci > 0) {  // barycentre ordering against the previous column reduces crossings
      cols[ci].sort(function (a, b) { return bary(nodes[a]) - bary(nodes[b]); });
    }
    cols[ci].forEach(function (n, row) { nodes[n].col = ci; nodes[n].row = row; });
  }
  function bary(nd) {
    if (!nd.ins.length) return 1e9;
    var sum = 0; nd.ins.forEach(function (m) { sum += nodes[m].row || 0; }); return sum / nd.ins.length;
  }
  return { nodes: nodes, order: order, edges: edges, cols: cols };
}

function pathTarget(p) {
  var steps = p.steps || [];
  return p.target != null ? String(p.target) : steps.length ? String(steps[steps.length - 1].to) : '?';
}
var NW = 160, NH = 46, CW = 205, RH = 66;
function short(s, n) { s = String(s); var tail = s.split(/[:/]/).filter(Boolean).pop() || s; return tail.length > n ? tail.slice(0, n - 1) + '…' : tail; }
function renderGraph() {
  var all = D.paths || [];
  var body = byId('paths-body');
  if (!D.paths) return;  // the static "not computed" note stays
  if (!all.length) { body.innerHTML = '<p class="note">No attack path found from the entry points to valuable targets.</p>'; return; }
  var paths = all.slice().sort(function (a, b) { return (b.value || 0) - (a.value || 0) || (b.ease || 0) - (a.ease || 0); }).slice(0, 40);
  G = layoutGraph(paths); G.shown = paths;
  var maxRows = 0; G.cols.forEach(function (c) { maxRows = Math.max(maxRows, c.length); });
  var w = G.cols.length * CW + 20, h = Math.max(1, maxRows) * RH + 20;
  var svg = '<svg xmlns="http://www.w3.org/2000/svg" id="path-graph" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + ' ' + h +
    '" role="group" aria-label="Attack path graph: ' + G.order.length + ' nodes, ' + G.edges.length + ' steps">' +
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">' +
    '<path d="M0,0 L10,5 L0,10 z" fill="#5b6675"/></marker></defs>';
  function pos(n) { var nd = G.nodes[n]; return { x: 10 + nd.col * CW, y: 10 + nd.row * RH }; }
  G.edges.forEach(function (e, ei) {
    var a = pos(e.from), b = pos(e.to);
    var x1 = a.x + NW, y1 = a.y + NH / 2, x2 = b.x, y2 = b.y + NH / 2;
    var span = G.nodes[e.to].col - G.nodes[e.from].col;
    var cy = Math.max(a.y, b.y) + NH + (RH - NH) / 2;  // the gap under a row: long edges run there, past the nodes
    var d = span > 1 ? 'M' + x1 + ',' + y1 + ' C' + (x1 + 25) + ',' + y1 + ' ' + (x1 + 10) + ',' + cy + ' ' + (x1 + 40) + ',' + cy +
        ' L' + (x2 - 40) + ',' + cy + ' C' + (x2 - 10) + ',' + cy + ' ' + (x2 - 25) + ',' + y2 + ' ' + x2 + ',' + y2
      : x2 > x1 ? 'M' + x1 + ',' + y1 + ' C' + (x1 + 40) + ',' + y1 + ' ' + (x2 - 40) + ',' + y2 + ' ' + x2 + ',' + y2
      : 'M' + (a.x + NW / 2) + ',' + (a.y + NH) + ' C' + (a.x + NW / 2) + ',' + (a.y + NH + 40) + ' ' + (b.x + NW / 2) + ',' + (b.y + NH + 40) + ' ' + (b.x + NW / 2) + ',' + (b.y + NH);
    svg += '<path class="edge" data-edge="' + ei + '" d="' + d + '" marker-end="url(#arrow)"><title>' +
      esc(e.steps.map(function (s) { return (s.stage ? '[' + s.stage + '] ' : '') + (s.sentence || (s.from + ' → ' + s.to)); }).join('\n')) + '</title></path>';
  });
  G.order.forEach(function (n, ni) {
    var nd = G.nodes[n], p = pos(n);
    var kind = nd.target ? 'target' : nd.ins.length === 0 ? 'entry' : 'step';
    svg += '<g class="node ' + kind + '" data-node="' + ni + '" tabindex="0" role="button" aria-label="' + esc(kind + ': ' + n + ', on ' + nd.paths.length + ' path(s)') +
      '" transform="translate(' + p.x + ',' + p.y + ')"><title>' + esc(n) + '</title><rect width="' + NW + '" height="' + NH + '" rx="6"/>' +
      '<text class="kind" x="8" y="15">' + kind.toUpperCase() + '</text><text x="8" y="34">' + esc(short(n, 23)) + '</text></g>';
  });
  svg += '</svg>';
  var list = paths.map(function (p, pi) {
    var facts = [(p.length || (p.steps || []).length) + ' steps'];
    if (p.value != null) facts.push('value ' + p.value);
    if (p.ease != null) facts.push('ease ' + p.ease);
    return '<li><button type="button" data-path="' + pi + '" aria-pressed="false">' + esc(p.id) + ': ' + esc(short(pathTarget(p), 40)) +
      ' — ' + esc(facts.join(', ')) + '</button></li>';
  }).join('');
  body.innerHTML = '<p class="hint">' + (all.length > paths.length ? 'Showing the ' + paths.length + ' most valuable of ' + all.length + ' paths. ' : all.length + ' path(s). ') +
    'Select a node or a path (Tab, then Enter) for its steps; ENTRY nodes are where attackers start, TARGET nodes what they want.</p>' +
    '<div class="graph-wrap"><div class="graph">' + svg + '</div><div><h3>Paths</h3><ul class="path-list">' + list +
    '</ul><div id="graph-detail" class="detail" aria-live="polite"><p class="note">Nothing selected.</p></div></div></div>';
  body.querySelectorAll('.node').forEach(function (g) {
    g.addEventListener('click', function () { selectNode(+g.getAttribute('data-node')); });
    g.addEventListener('keydown', function (ev) { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); selectNode(+g.getAttribute('data-node')); } });
  });
  body.querySelectorAll('.path-list button').forEach(function (b) {
    b.addEventListener('click', function () { selectPath(+b.getAttribute('data-path')); });
  });
}
function highlight(pathIdxs, nodeName) {
  var gsvg = byId('path-graph');
  gsvg.querySelectorAll('.edge').forEach(function (el) {
    var e = G.edges[+el.getAttribute('data-edge')];
    var on = e.paths.some(function (p) { return pathIdxs.indexOf(p) >= 0; });
    el.classList.toggle('hi', on); el.classList.toggle('dim', !on);
  });
  gsvg.querySelectorAll('.node').forEach(function (el) {
    var nd = G.nodes[G.order[+el.getAttribute('data-node')]];
    var on = nd.paths.some(function (p) { return pathIdxs.indexOf(p) >= 0; });
    el.classList.toggle('dim', !on); el.classList.toggle('sel', nd.name === nodeName);
  });
  document.querySelectorAll('.path-list button').forEach(function (b) {
    b.setAttribute('aria-pressed', String(pathIdxs.length === 1 && +b.getAttribute('data-path') === pathIdxs[0]));
  });
}
function stepHtml(s) {
  return '<li><strong>' + esc(s.stage || '') + '</strong> ' + esc(s.sentence || (s.from + ' → ' + s.to)) +
    (s.technique ? ' <span class="rid">' + esc(s.technique) + '</span>' : '') +
    (s.finding_rule_id ? ' — <a href="#rule=' + encodeURIComponent(s.finding_rule_id) + '">' + esc(s.finding_rule_id) + '</a>' : '') + '</li>';
}
function resourceLink(name) {
  if (name in X.byArn || name in X.byId) return ' <a href="#resource=' + encodeURIComponent(name) + '">Open resource</a>';
  return '';
}
function selectNode(ni) {
  var name = G.order[ni], nd = G.nodes[name];
  highlight(nd.paths, name);
  var steps = [];
  G.edges.forEach(function (e) { if (e.from === name || e.to === name) steps = steps.concat(e.steps); });
  byId('graph-detail').innerHTML = '<h4>' + esc(name) + '</h4><p>' + (nd.target ? 'Target. ' : '') + 'On ' + nd.paths.length + ' path(s).' + resourceLink(name) +
    '</p><ol class="steps">' + steps.map(stepHtml).join('') + '</ol>';
}
function selectPath(pi) {
  var p = G.shown[pi];
  highlight([pi], null);
  byId('graph-detail').innerHTML = '<h4>Path ' + esc(p.id) + '</h4><p>To ' + esc(pathTarget(p)) + (p.target_kind ? ' (' + esc(p.target_kind) + ')' : '') +
    (p.value != null ? ', value ' + esc(p.value) : '') + (p.ease != null ? ', ease ' + esc(p.ease) : '') + '.' + resourceLink(pathTarget(p)) + '</p><ol class="steps">' + (p.steps || []).map(stepHtml).join('') + '</ol>';
}

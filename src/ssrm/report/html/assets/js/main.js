/* Wiring: events, hash navigation, start-up. */
function onHash() {
  var s = readHash();
  if (!s) return;
  if (s.resource) { showResource(s.resource); return; }
  byId('resource-view').hidden = true;
  state = s;
  syncForm();
  refresh(false);
  lastListHash = listHash(state);
  byId('findings').scrollIntoView({ block: 'start' });  // links from the plan, maturity and graph land here
}
function wire() {
  FILTERS.forEach(function (k) {
    byId('f-' + k).addEventListener('change', function (ev) { state[k] = ev.target.value; state.page = 1; refresh(true); });
  });
  var timer = null;
  byId('f-q').addEventListener('input', function (ev) {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = ev.target.value; state.page = 1; refresh(true, true); }, 150);
  });
  byId('f-reset').addEventListener('click', function () { state = { q: '', page: 1 }; syncForm(); refresh(true); });
  document.querySelectorAll('#findings-table button.sort').forEach(function (b) {
    b.addEventListener('click', function () {
      var col = b.getAttribute('data-sort');
      state.sort = state.sort === col ? '-' + col : state.sort === '-' + col ? '' : col;
      state.page = 1;
      refresh(true);
    });
  });
  byId('p-prev').addEventListener('click', function () { state.page -= 1; refresh(true); });
  byId('p-next').addEventListener('click', function () { state.page += 1; refresh(true); });
  byId('findings-body').addEventListener('click', function (ev) {
    if (ev.target.closest('a')) return;
    var tr = ev.target.closest('tr[data-href]');
    if (tr) location.hash = tr.getAttribute('data-href');
  });
  document.querySelectorAll('a[data-nav]').forEach(function (a) {
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      var target = byId(a.getAttribute('href').slice(1));
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    });
  });
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); });
  window.addEventListener('hashchange', onHash);
  window.addEventListener('popstate', onHash);
}

function start() {
  var t0 = performance.now();
  decode().then(function (data) {
    D = data;
    index();
    buildFilters();
    wire();
    renderGraph();
    var s = readHash();
    if (s && !s.resource) state = s;
    syncForm();
    refresh(false);
    lastListHash = listHash(state);
    if (s && s.resource) showResource(s.resource);
    document.body.setAttribute('data-ready', 'true');
    document.body.setAttribute('data-load-ms', String(Math.round(performance.now() - t0)));
  }).catch(function (err) {
    byId('f-count').textContent = 'The findings could not be loaded: ' + err.message;
    document.body.setAttribute('data-ready', 'error');
  });
}
start();

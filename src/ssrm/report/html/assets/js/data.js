/* Decoding the embedded payload and indexing it by rule and resource. */
function decode() {
  var text = byId('ssrm-data').textContent.trim();
  var bin = atob(text);
  var bytes = new Uint8Array(bin.length);
  for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (typeof DecompressionStream === 'undefined') {
    return Promise.reject(new Error('this browser cannot decompress the embedded findings'));
  }
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text().then(JSON.parse);
}

// Per-rule and per-resource lookups, built once.
var R = {}, X = {};
function index() {
  var f = D.findings;
  N = f.columns.rule.length;
  R.id = []; R.title = []; R.sev = []; R.layer = []; R.domain = []; R.stage = []; R.attack = []; R.rem = [];
  f.rules.forEach(function (r) {
    R.id.push(r[0]); R.title.push(r[1]); R.sev.push(r[2]); R.layer.push(r[3]); R.domain.push(r[4]);
    R.stage.push(r[5]); R.attack.push(r[6]); R.rem.push(f.strings[r[7]] || {});
  });
  X.arn = []; X.id = []; X.type = []; X.region = []; X.account = []; X.origin = []; X.service = []; X.tags = [];
  f.resources.forEach(function (x) {
    X.arn.push(x[0]); X.id.push(x[1]); X.type.push(x[2]); X.region.push(x[3]); X.account.push(x[4]);
    X.origin.push(x[5]); X.service.push(x[6]); X.tags.push(x[7] || {});
  });
  X.tagList = X.tags.map(function (t) { return Object.keys(t).map(function (k) { return k + '=' + t[k]; }); });
  var ruleControls = {};
  (D.controls || []).forEach(function (ctl) {
    (ctl.rule_ids || []).forEach(function (id) { (ruleControls[id] = ruleControls[id] || []).push(ctl.key); });
  });
  R.controls = R.id.map(function (id) { return ruleControls[id] || []; });
  X.byArn = {};
  X.arn.forEach(function (a, i) { if (!(a in X.byArn)) X.byArn[a] = i; });
  X.byId = {};
  X.id.forEach(function (a, i) { if (!(a in X.byId)) X.byId[a] = i; });
  // findings per resource, for the resource page
  X.findings = X.arn.map(function () { return []; });
  var col = f.columns.resource;
  for (var i = 0; i < N; i++) X.findings[col[i]].push(i);
}

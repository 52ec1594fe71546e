/* Shared state and helpers of the report script; the files of js/ run in one scope (see render.py). */
var PAGE = 50;
var FILTERS = ['status', 'severity', 'layer', 'service', 'region', 'rule', 'control', 'tag'];
var SEV_ORDER = ['critical', 'high', 'medium', 'low', 'info'];
var LAYER_ORDER = ['apps', 'hosts', 'networks', 'cloud'];
var D = null;          // decoded payload
var N = 0;             // number of findings
var state = { q: '', page: 1 };
var matches = null;    // Int32Array of matching finding indexes
var lastListHash = '';

function byId(id) { return document.getElementById(id); }
function esc(s) {
  return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
}
function fmt(n) { return Number(n).toLocaleString('en-US'); }

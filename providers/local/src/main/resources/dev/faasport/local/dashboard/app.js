// The Faasport dashboard: reads the runtime's state every second; every change carries the page's CSRF token.
'use strict';
const base = '/_faas/dashboard/';
const csrf = document.querySelector('meta[name="faasport-csrf"]').content;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

async function call(method, path, body) {
  const r = await fetch(base + path, { method, body, headers: { 'X-Faasport-Csrf': csrf, 'Content-Type': 'application/json' } });
  const json = await r.json();
  if (!r.ok) throw new Error(json.error || r.status);
  return json;
}

function fillSelect(select, names) {
  const had = select.value;
  if ([...select.options].map(o => o.value).join() === names.join()) return;
  select.replaceChildren(...names.map(n => el('option', n)));
  if (names.includes(had)) select.value = had;
}

function renderFunctions(fns) {
  const rows = fns.map(f => {
    const m = f.metrics || {}, fn = f.function || {}, d = m.duration || {}, ev = m.events || {};
    const state = m.workers > 0 ? (m.inFlight > 0 ? 'busy' : 'warm') : 'scaled to zero';
    const tr = el('tr');
    tr.dataset.function = f.name;
    const cells = [f.set, f.name, (fn.trigger && fn.trigger.kind) || 'http', f.url, (fn.memoryMb || '') + ' MB',
      (fn.timeoutSeconds || '') + ' s', state, (m.workers - m.idleWorkers) + ' / ' + m.idleWorkers,
      m.invocations, m.errors, m.throttled, m.timeouts, m.coldStarts,
      d.p50Ms + ' / ' + d.p95Ms + ' / ' + d.p99Ms, (m.init || {}).p50Ms, m.maxMemoryUsedMb + ' / ' + fn.memoryMb,
      'delivered ' + (ev.delivered || 0) + ', pending ' + (ev.pending || 0) + ', dead-lettered ' + (ev.deadLettered || 0)
        + (ev.nextFire ? ', next run ' + new Date(ev.nextFire).toLocaleTimeString() : '')];
    const names = ['set', 'name', 'trigger', 'url', 'memory', 'timeout', 'state', 'workers', 'invocations', 'errors',
      'throttles', 'timeouts', 'coldStarts', 'duration', 'init', 'memoryUsed', 'events'];
    cells.forEach((c, i) => {
      const td = el('td', c === undefined ? '' : c, typeof c === 'number' ? 'n' : '');
      td.dataset.col = names[i];
      tr.append(td);
    });
    if (fn.trigger && fn.trigger.kind === 'schedule') {
      const b = el('button', 'fire now');
      b.onclick = () => call('POST', 'api/fire?function=' + encodeURIComponent(f.name)).catch(e => alert(e.message));
      tr.lastChild.append(' ', b);
    }
    return tr;
  });
  document.querySelector('#functions tbody').replaceChildren(...rows);
  const names = fns.map(f => f.name);
  fillSelect(document.getElementById('try-function'), names);
  fillSelect(document.getElementById('log-function'), names);
}

function renderBuckets(buckets) {
  const parts = buckets.map(b => {
    const div = el('div');
    div.append(el('h3', b.bucket));
    const ul = el('ul');
    b.objects.forEach(o => {
      const li = el('li');
      li.dataset.key = b.bucket + '/' + o.key;
      const a = el('a', o.key);
      a.href = '/_buckets/' + encodeURIComponent(b.bucket) + '/' + o.key.split('/').map(encodeURIComponent).join('/');
      a.download = o.key.split('/').pop();
      const del = el('button', 'delete');
      del.onclick = async () => {
        const r = await fetch(a.href, { method: 'DELETE' });
        document.getElementById('upload-result').textContent = r.ok ? 'deleted ' + o.key : 'delete failed: ' + r.status;
      };
      li.append(a, ' (' + o.size + ' bytes) ', del);
      ul.append(li);
    });
    div.append(ul);
    return div;
  });
  document.getElementById('buckets').replaceChildren(...parts);
}

function renderQueues(queues) {
  const rows = queues.map(q => {
    const tr = el('tr');
    tr.dataset.queue = q.queue;
    [q.queue, q.depth, q.batchesInFlight, q.deadLetters, (q.subscribers || []).join(', ')].forEach((c, i) => {
      const td = el('td', c, typeof c === 'number' ? 'n' : '');
      td.dataset.col = ['queue', 'depth', 'inFlight', 'deadLetters', 'subscribers'][i];
      tr.append(td);
    });
    const b = el('button', 'send dead letters back');
    b.className = 'redrive';
    b.disabled = !q.deadLetters;
    b.onclick = async () => {
      try {
        const r = await call('POST', 'api/redrive?queue=' + encodeURIComponent(q.queue));
        document.getElementById('queue-result').textContent = r.moved + ' message(s) sent back to ' + r.queue;
      } catch (e) {
        document.getElementById('queue-result').textContent = e.message;
      }
    };
    const td = el('td');
    td.append(b);
    tr.append(td);
    return tr;
  });
  document.querySelector('#queues tbody').replaceChildren(...rows);
}

function renderCost(c) {
  document.getElementById('cost-asof').textContent = c.estimates.length
    ? 'prices as of ' + c.asOf : 'no function has run yet: invoke one to estimate';
  const rows = c.estimates.map(e => {
    const tr = el('tr');
    tr.dataset.plan = e.plan;
    [e.vendor, e.name, e.totalUsd, e.computeUsd, e.requestsUsd].forEach(v => tr.append(el('td', v, typeof v === 'number' ? 'n' : '')));
    return tr;
  });
  document.querySelector('#cost tbody').replaceChildren(...rows);
}

async function refresh() {
  try {
    const s = await (await fetch(base + 'api/state')).json();
    renderFunctions(s.functions);
    renderBuckets(s.buckets);
    renderQueues(s.queues);
    const calls = document.getElementById('cost-calls').value || '0';
    renderCost(await (await fetch(base + 'api/cost?invocationsPerMonth=' + encodeURIComponent(calls))).json());
    const fn = document.getElementById('log-function').value;
    if (fn) {
      const inv = document.getElementById('log-invocation').value;
      const logs = await (await fetch(base + 'api/logs?function=' + encodeURIComponent(fn)
        + '&invocation=' + encodeURIComponent(inv))).json();
      document.getElementById('logs').textContent = (logs.lines || []).join('\n');
    }
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById('updated').textContent = 'runtime unreachable: ' + e.message;
  }
}

document.getElementById('try').addEventListener('submit', async ev => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const req = Object.fromEntries(f.entries());
  document.getElementById('try-status').textContent = '...';
  try {
    const r = await call('POST', 'api/invoke', JSON.stringify(req));
    document.getElementById('try-status').textContent = String(r.status);
    document.getElementById('try-body').textContent = r.body;
    document.getElementById('try-logs').textContent = r.logs.join('\n');
  } catch (e) {
    document.getElementById('try-status').textContent = e.message;
  }
  refresh();
});

document.getElementById('upload').addEventListener('submit', async ev => {
  ev.preventDefault();
  const bucket = document.getElementById('upload-bucket').value;
  const key = document.getElementById('upload-key').value;
  const file = document.getElementById('upload-file').files[0];
  const url = '/_buckets/' + encodeURIComponent(bucket) + '/' + key.split('/').map(encodeURIComponent).join('/');
  const r = await fetch(url, { method: 'PUT', body: file });
  const json = await r.json();
  document.getElementById('upload-result').textContent = r.ok
    ? 'uploaded ' + key + ' (' + json.size + ' bytes), triggered ' + json.triggered + ' function(s)'
    : 'upload failed: ' + json.error;
  refresh();
});

document.getElementById('log-filter').addEventListener('input', refresh);
document.getElementById('cost-form').addEventListener('submit', ev => { ev.preventDefault(); refresh(); });
refresh();
setInterval(refresh, 1000);

'use strict';
// kvroute dashboard: polls /api/kvroute/state every second and renders it; all text goes through textContent.
(function () {
  const app = document.getElementById('app');
  const search = document.getElementById('search');
  let state = null;
  let session = { csrfToken: '', user: '' };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === 'class') node.className = value;
      else if (key === 'on') Object.entries(value).forEach(([ev, fn]) => node.addEventListener(ev, fn));
      else if (value !== undefined && value !== null) node.setAttribute(key, value);
    });
    children.flat().forEach(child => {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return node;
  }
  const badge = (text, kind) => el('span', { class: 'badge ' + (kind || text) }, text);
  const ago = iso => {
    if (!iso) return '';
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return seconds < 60 ? seconds + 's ago' : seconds < 3600 ? Math.round(seconds / 60) + 'm ago' : Math.round(seconds / 3600) + 'h ago';
  };
  const filterText = () => search.value.trim().toLowerCase();
  const matches = (...texts) => !filterText() || texts.some(t => String(t || '').toLowerCase().includes(filterText()));
  const errorList = errors => errors && errors.length ? el('ul', { class: 'errors' }, errors.map(e => el('li', {}, e))) : null;

  function chart(label, series, unit, color, secondSeries) {
    const canvas = el('canvas', { width: 300, height: 42 });
    const last = series.length ? series[series.length - 1] : 0;
    const text = secondSeries ? fmt(last) + ' / ' + fmt(secondSeries.length ? secondSeries[secondSeries.length - 1] : 0) : fmt(last);
    const box = el('div', { class: 'chart' }, el('div', { class: 'label' }, el('span', {}, label), el('b', {}, text + unit)), canvas);
    requestAnimationFrame(() => draw(canvas, [[series, color], [secondSeries || [], '#8e44ad']]));
    return box;
  }
  function fmt(n) { return n >= 100 ? Math.round(n).toString() : (Math.round(n * 10) / 10).toString(); }
  function draw(canvas, lines) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 300, height = canvas.clientHeight || 42;
    canvas.width = width * ratio; canvas.height = height * ratio;
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    const max = Math.max(1, ...lines.flatMap(([s]) => s));
    lines.forEach(([series, color]) => {
      if (!series.length) return;
      g.beginPath();
      series.forEach((v, i) => {
        const x = (60 - series.length + i) / 59 * (width - 2) + 1;
        const y = height - 2 - v / max * (height - 6);
        i ? g.lineTo(x, y) : g.moveTo(x, y);
      });
      g.strokeStyle = color; g.lineWidth = 1.5; g.stroke();
    });
  }

  function charts(service) {
    const t = service.traffic || [];
    return el('div', { class: 'charts' },
      chart('req/s', t.map(s => s.requests), '', '#1d5fbf'),
      chart('5xx/s', t.map(s => s.errors), '', '#c62828'),
      chart('p50/p99', t.map(s => s.p50), ' ms', '#16833a', t.map(s => s.p99)));
  }

  function serverRows(service, withActions) {
    if (!service.servers.length) return el('p', { class: 'muted' }, service.type === 'weighted' ? 'Weighted service: see its children.' : 'No servers.');
    const head = el('tr', {}, ['Server', 'Weight', 'Node', 'Health', 'Last probe', 'Drain'].map(h => el('th', {}, h)));
    const rows = service.servers.filter(s => matches(service.name, s.url, s.key, s.node)).map(s => {
      const probe = s.lastProbe ? (s.lastProbe.healthy ? '✓ ' : '✗ ') + s.lastProbe.result + ' · ' + s.lastProbe.latencyMillis + ' ms · ' + ago(s.lastProbe.at) : (s.activelyChecked ? 'pending' : 'no health check');
      const action = el('button', { class: 'drain' + (s.drained ? ' undrain' : ''), 'data-server': s.id,
        on: { click: () => drain(service.name, s.id, s.key, !s.drained) } }, s.drained ? 'Undrain' : 'Drain');
      return el('tr', { 'data-server': s.id, 'data-status': s.status },
        el('td', { 'data-label': 'Server' }, el('div', { class: 'mono' }, s.url), el('div', { class: 'muted mono' }, s.key)),
        el('td', { 'data-label': 'Weight' }, String(s.weight), s.weight === 0 ? ' (drained in store)' : ''),
        el('td', { 'data-label': 'Node' }, s.node || '—'),
        el('td', { 'data-label': 'Health' }, el('span', { class: 'badge health ' + s.state }, s.state),
          s.state !== 'UP' && s.since ? el('div', { class: 'muted' }, 'since ' + ago(s.since)) : null,
          s.ejection ? el('div', { class: 'errors' }, 'ejected: ' + s.ejection.reason) : null),
        el('td', { 'data-label': 'Last probe' }, probe),
        el('td', { 'data-label': 'Drain' }, s.drained ? badge('drained (operator)', 'drained') : null, ' ', withActions ? action : null));
    });
    return el('table', { class: 'table' }, el('thead', {}, head), el('tbody', {}, rows));
  }

  function serviceCard(service, detail) {
    const up = service.servers.filter(s => s.status === 'UP' && !s.drained).length;
    return el('section', { class: 'card service', 'data-service': service.name },
      el('div', { class: 'service-head' },
        el('h3', {}, detail ? service.name : el('a', { href: '#/service/' + encodeURIComponent(service.name) }, service.name)),
        badge(service.status),
        service.servers.length ? badge(up + '/' + service.servers.length + ' usable', up ? 'info' : 'error') : null,
        el('span', { class: 'type muted' }, service.type)),
      errorList(service.errors),
      service.usedBy.length ? el('div', { class: 'muted' }, 'used by ' + service.usedBy.join(', ')) : null,
      charts(service),
      serverRows(service, true));
  }

  function overview() {
    const servers = state.services.flatMap(s => s.servers);
    const count = (items, status) => items.filter(i => i.status === status).length;
    const card = (title, total, parts) => el('div', { class: 'card' }, el('div', { class: 'muted' }, title),
      el('div', { class: 'count' }, String(total), el('small', {}, parts)));
    const rate = state.services.reduce((sum, s) => sum + ((s.traffic || []).slice(-1)[0] || { requests: 0 }).requests, 0);
    return [
      el('div', { class: 'cards' },
        card('Routers', state.routers.length, count(state.routers, 'disabled') + ' disabled · ' + count(state.routers, 'warning') + ' warn'),
        card('Services', state.services.length, count(state.services, 'disabled') + ' disabled'),
        card('Servers', servers.length, servers.filter(s => s.status === 'DOWN').length + ' down · ' + servers.filter(s => s.drained).length + ' drained'),
        card('Middlewares', state.middlewares.length, count(state.middlewares, 'disabled') + ' disabled'),
        card('Problems', state.problems.length, state.problems.filter(p => p.severity === 'error').length + ' errors'),
        card('Requests', fmt(rate), '/s now')),
      storeCard(),
      el('h2', {}, 'Services'), servicesGrid(),
      el('h2', {}, 'Routers'), routersTable()
    ];
  }

  function storeCard() {
    const s = state.store;
    return el('div', { class: 'card', style: null, id: 'store-card' },
      el('h3', {}, 'Store (' + state.provider + ')'),
      el('div', {}, s.connected ? badge('connected', 'UP') : badge('unreachable, serving stale configuration since ' + ago(s.staleSince), 'DOWN'),
        ' ', el('span', { class: 'muted' }, s.detail)),
      el('div', { class: 'muted' }, 'revision ' + s.revision + ' · read ' + ago(s.readAt) + ' · snapshot #' + s.generation),
      el('div', { class: 'muted' }, 'agents seen: ' + (state.agents.length ? state.agents.map(a => a.node + ' (' + a.servers + ')').join(', ') : 'none')));
  }

  function servicesGrid() {
    const services = state.services.filter(s => matches(s.name, s.type, ...s.servers.flatMap(v => [v.url, v.key, v.node])));
    return services.length ? el('div', { class: 'services' }, services.map(s => serviceCard(s, false))) : el('p', { class: 'card empty muted' }, 'No services match.');
  }

  function routersTable() {
    const routers = state.routers.filter(r => matches(r.name, r.rule, r.service, ...r.middlewares));
    const head = el('tr', {}, ['Router', 'Rule', 'Priority', 'Entry points', 'Service', 'Middlewares', 'Status'].map(h => el('th', {}, h)));
    const rows = routers.map(r => el('tr', { 'data-router': r.name },
      el('td', { 'data-label': 'Router' }, r.name),
      el('td', { 'data-label': 'Rule', class: 'mono' }, r.rule),
      el('td', { 'data-label': 'Priority' }, String(r.priority)),
      el('td', { 'data-label': 'Entry points' }, r.entryPoints.join(', ')),
      el('td', { 'data-label': 'Service' }, el('a', { href: '#/service/' + encodeURIComponent(r.service) }, r.service)),
      el('td', { 'data-label': 'Middlewares' }, r.middlewares.join(', ') || '—'),
      el('td', { 'data-label': 'Status' }, badge(r.status), errorList(r.errors))));
    return el('div', { class: 'card' }, routers.length ? el('table', { class: 'table' }, el('thead', {}, head), el('tbody', {}, rows)) : el('p', { class: 'muted empty' }, 'No routers match.'));
  }

  const options = m => {
    const settings = Object.values(m.options || {})[0];
    return settings && Object.keys(settings).length ? JSON.stringify(settings) : '—';
  };
  const counters = m => Object.entries(m.counters || {}).map(([event, count]) => event + ' ' + count).join(', ') || '—';

  function middlewaresTable() {
    const items = state.middlewares.filter(m => matches(m.name, m.type));
    const rows = items.map(m => el('tr', { 'data-middleware': m.name }, el('td', { 'data-label': 'Middleware' }, m.name),
      el('td', { 'data-label': 'Type' }, m.type), el('td', { 'data-label': 'Options', class: 'mono' }, options(m)),
      el('td', { 'data-label': 'Counters', class: 'counters' }, counters(m)),
      el('td', { 'data-label': 'Used by' }, m.usedBy.join(', ') || '—'), el('td', { 'data-label': 'Status' }, badge(m.status), errorList(m.errors))));
    return el('div', { class: 'card' }, items.length ? el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['Middleware', 'Type', 'Options', 'Counters', 'Used by', 'Status'].map(h => el('th', {}, h)))), el('tbody', {}, rows)) : el('p', { class: 'muted empty' }, 'No middlewares.'));
  }

  function problemsTable() {
    const items = state.problems.filter(p => matches(p.key, p.reason, p.entity));
    const rows = items.map(p => el('tr', {}, el('td', { 'data-label': 'Severity' }, badge(p.severity, p.severity === 'error' ? 'error' : 'warning')),
      el('td', { 'data-label': 'Key', class: 'mono' }, p.key || '—'), el('td', { 'data-label': 'Value', class: 'mono' }, p.value),
      el('td', { 'data-label': 'Reason' }, p.reason)));
    return el('div', { class: 'card' }, items.length ? el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['Severity', 'Key', 'Value', 'Reason'].map(h => el('th', {}, h)))), el('tbody', {}, rows)) : el('p', { class: 'muted empty' }, 'No configuration problems.'));
  }

  function agentsTable() {
    const rows = state.agents.map(a => el('tr', {}, el('td', { 'data-label': 'Node' }, a.node), el('td', { 'data-label': 'Servers' }, String(a.servers))));
    return el('div', { class: 'card' }, state.agents.length ? el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Node'), el('th', {}, 'Servers'))), el('tbody', {}, rows)) : el('p', { class: 'muted empty' }, 'No agent-registered servers (ids <node>--<instance>) seen.'));
  }

  function entryPointsTable() {
    const items = (state.entryPoints || []).filter(e => matches(e.name, e.address));
    const tls = e => {
      const t = e.http && e.http.tls;
      if (!t) return badge('plain + TLS (tls routers)', 'info');
      const details = [t.options ? 'options ' + t.options : '', t.certResolver ? 'resolver ' + t.certResolver : ''].filter(Boolean);
      return [badge('TLS', 'enabled'), details.length ? el('span', { class: 'muted' }, ' ' + details.join(' · ')) : null];
    };
    const redirect = e => {
      const r = e.http && e.http.redirections && e.http.redirections.entryPoint;
      return r ? r.scheme + ' → ' + r.to + (r.permanent ? ' (permanent)' : '') : '—';
    };
    const rows = items.map(e => el('tr', { 'data-entrypoint': e.name }, el('td', { 'data-label': 'Entry point' }, e.name),
      el('td', { 'data-label': 'Address', class: 'mono' }, e.address), el('td', { 'data-label': 'TLS' }, tls(e)),
      el('td', { 'data-label': 'Redirect' }, redirect(e))));
    return el('div', { class: 'card' }, items.length ? el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['Entry point', 'Address', 'TLS', 'Redirect'].map(h => el('th', {}, h)))), el('tbody', {}, rows)) : el('p', { class: 'muted empty' }, 'No entry points match.'));
  }

  function certificatesTable() {
    const items = (state.certificates || []).filter(c => matches(c.id, c.issuer, c.source, ...c.domains));
    const rows = items.map(c => el('tr', { 'data-certificate': c.id }, el('td', { 'data-label': 'Domains', class: 'mono' }, c.domains.join(', ') || c.subject),
      el('td', { 'data-label': 'Issuer' }, c.issuer), el('td', { 'data-label': 'Not after' }, c.notAfter),
      el('td', { 'data-label': 'Source' }, c.source + (c.source === 'store' ? ' (' + c.id + ')' : '')),
      el('td', { 'data-label': 'Status' }, c.expired ? badge('expired', 'error') : badge('valid', 'enabled'))));
    return el('div', { class: 'card' }, items.length ? el('table', { class: 'table' },
      el('thead', {}, el('tr', {}, ['Domains', 'Issuer', 'Not after', 'Source', 'Status'].map(h => el('th', {}, h)))), el('tbody', {}, rows)) : el('p', { class: 'muted empty' }, 'No certificates match.'));
  }

  function render() {
    if (!state) return;
    const route = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    document.querySelectorAll('.sections a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#/' + route.split('/')[0] || (route === '' && a.getAttribute('href') === '#/')));
    let content;
    if (route.startsWith('service/')) {
      const service = state.services.find(s => s.name === route.substring(8));
      content = [el('a', { class: 'back', href: '#/services' }, '← all services'),
        service ? serviceCard(service, true) : el('p', { class: 'card empty' }, 'No service ' + route.substring(8) + '.'),
        service ? el('h2', {}, 'Routers using it') : null,
        service ? el('div', { class: 'card' }, service.usedBy.length ? service.usedBy.join(', ') : 'none') : null];
    } else if (route === 'services') content = [el('h2', {}, 'Services'), servicesGrid()];
    else if (route === 'routers') content = [el('h2', {}, 'Routers'), routersTable()];
    else if (route === 'middlewares') content = [el('h2', {}, 'Middlewares'), middlewaresTable()];
    else if (route === 'problems') content = [el('h2', {}, 'Configuration problems'), problemsTable()];
    else if (route === 'entrypoints') content = [el('h2', {}, 'Entry points'), entryPointsTable()];
    else if (route === 'certificates') content = [el('h2', {}, 'Certificates'), certificatesTable(), el('h2', {}, 'Entry points'), entryPointsTable()];
    else if (route === 'agents') content = [el('h2', {}, 'Agents'), agentsTable(), storeCard()];
    else content = overview();
    app.replaceChildren(...content.filter(Boolean));
    const store = document.getElementById('store');
    store.textContent = state.store.connected ? state.provider + ' · rev ' + state.store.revision : 'store unreachable · stale';
    store.className = 'pill ' + (state.store.connected ? 'ok' : 'bad');
    document.getElementById('footer').textContent = 'kvroute · ' + (session.user ? 'signed in as ' + session.user : 'loopback, no auth') + ' · updated ' + new Date(state.now).toLocaleTimeString();
  }

  function toast(text) {
    const note = el('div', { class: 'toast', role: 'status' }, text);
    document.body.appendChild(note);
    setTimeout(() => note.remove(), 3000);
  }

  async function drain(service, server, label, drained) {
    const response = await fetch('/api/kvroute/drain', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Kvroute-Csrf': session.csrfToken },
      body: JSON.stringify({ service, server, drained })
    });
    const body = await response.json().catch(() => ({}));
    toast(response.ok ? label + (drained ? ' drained' : ' undrained') : 'refused: ' + (body.message || response.status));
    await refresh();
  }

  async function refresh() {
    try {
      const response = await fetch('/api/kvroute/state', { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      state = await response.json();
      render();
    } catch (e) {
      const store = document.getElementById('store');
      store.textContent = 'dashboard offline: ' + e.message;
      store.className = 'pill bad';
    }
  }

  search.addEventListener('input', render);
  window.addEventListener('hashchange', render);
  fetch('/api/kvroute/session', { credentials: 'same-origin', cache: 'no-store' })
    .then(r => r.json()).then(s => { session = s; }).catch(() => {}).finally(() => { refresh(); setInterval(refresh, 1000); });
})();

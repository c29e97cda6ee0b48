'use strict';
// kvroute dashboard: polls /api/kvroute/state every second (traffic samples from the newest it holds on) and renders
// it; all text goes through textContent, sizes through the CSSOM (the page's CSP allows no inline style).
(function () {
  const app = document.getElementById('app');
  const search = document.getElementById('search');
  const providerFilter = document.getElementById('provider');
  let state = null;
  let session = { csrfToken: '', user: '' };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === 'class') node.className = value;
      else if (key === 'on') Object.entries(value).forEach(([ev, fn]) => node.addEventListener(ev, fn));
      else if (value !== undefined && value !== null) node.setAttribute(key, value);
    });
    children.flat(Infinity).forEach(child => {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return node;
  }
  const badge = (text, kind) => el('span', { class: 'badge ' + (kind || text) }, text);
  const ago = iso => {
    if (!iso) return '';
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return seconds < 60 ? seconds + ' s ago' : seconds < 3600 ? Math.round(seconds / 60) + ' min ago' : Math.round(seconds / 3600) + ' h ago';
  };
  const filterText = () => search.value.trim().toLowerCase();
  const provider = name => { const at = String(name || '').lastIndexOf('@'); return at < 0 ? '' : name.substring(at + 1); };
  const providerOk = name => !providerFilter.value || provider(name) === providerFilter.value;
  const matches = (name, ...texts) => providerOk(name)
    && (!filterText() || [name, ...texts].some(t => String(t || '').toLowerCase().includes(filterText())));
  const errorList = errors => errors && errors.length ? el('ul', { class: 'errors' }, errors.map(e => el('li', {}, e))) : null;
  const table = (headers, rows, empty) => rows.length
    ? el('table', { class: 'table' }, el('thead', {}, el('tr', {}, headers.map(h => el('th', {}, h)))), el('tbody', {}, rows))
    : el('p', { class: 'muted empty' }, empty);
  const cell = (label, ...content) => el('td', { 'data-label': label }, ...content);
  const withWidth = (node, percent) => { node.style.width = Math.max(0, Math.min(100, percent)) + '%'; return node; };

  // Numbers: rates keep their decimals (2 below 10, 1 below 1000), counts are whole.
  function rate(n) {
    if (!isFinite(n)) return '0';
    return n >= 1000 ? Math.round(n).toLocaleString('en') : n.toFixed(n < 10 ? 2 : 1);
  }
  const count = n => Number(n || 0).toLocaleString('en');
  const plural = (n, word) => n + ' ' + word + (n === 1 ? '' : 's');
  const windowSeconds = () => state.window || 300;
  const nowSecond = () => Math.floor(Date.parse(state.now) / 1000);
  // The mean per second of the last `seconds` samples of `values` (samples are one second each).
  function meanRate(samples, field, seconds) {
    const recent = samples.slice(-seconds);
    return recent.length ? recent.reduce((sum, s) => sum + s[field], 0) / recent.length : 0;
  }

  function cssColor(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

  // A line chart of the last 5 minutes: a time axis (minutes before now), a value axis with its unit.
  function chart(title, lines, unit, valueText) {
    const canvas = el('canvas', { class: 'plot', role: 'img', 'aria-label': title + ' over the last 5 minutes' });
    const legend = el('div', { class: 'legend' }, lines.map(line => el('span', { class: 'key ' + line.css }, line.label)));
    const box = el('div', { class: 'chart' },
      el('div', { class: 'label' }, el('span', {}, title), el('b', { class: 'value' }, valueText)), canvas, legend);
    requestAnimationFrame(() => draw(canvas, lines, unit));
    return box;
  }
  function niceMax(value) {
    if (value <= 0) return 1;
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    return [1, 2, 2.5, 5, 10].map(m => m * magnitude).find(m => m >= value);
  }
  function draw(canvas, lines, unit) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 300, height = canvas.clientHeight || 110;
    canvas.width = width * ratio; canvas.height = height * ratio;
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    const left = 44, right = 6, top = 6, bottom = 18;
    const plotWidth = width - left - right, plotHeight = height - top - bottom;
    const end = nowSecond(), span = windowSeconds(), start = end - span;
    const max = niceMax(Math.max(0, ...lines.flatMap(line => line.points.map(p => p.v))));
    g.font = '10px system-ui, sans-serif';
    g.fillStyle = cssColor('--muted'); g.strokeStyle = cssColor('--line'); g.lineWidth = 1;
    g.textAlign = 'right'; g.textBaseline = 'middle';
    [0, 0.5, 1].forEach(f => {
      const y = top + plotHeight - f * plotHeight;
      g.beginPath(); g.moveTo(left, Math.round(y) + 0.5); g.lineTo(width - right, Math.round(y) + 0.5); g.stroke();
      const v = max * f;
      g.fillText((Number.isInteger(v) ? String(v) : v.toFixed(1)) + (unit ? ' ' + unit : ''), left - 4, y);
    });
    g.textAlign = 'center'; g.textBaseline = 'top';
    for (let minute = span / 60; minute >= 0; minute--) {
      const x = left + (span - minute * 60) / span * plotWidth;
      const label = minute === 0 ? 'now' : '-' + minute + (plotWidth < 420 ? 'm' : ' min');
      g.fillText(label, Math.min(Math.max(x, left + g.measureText(label).width / 2), width - right - g.measureText(label).width / 2), top + plotHeight + 4);
    }
    lines.forEach(line => {
      const points = line.points.filter(p => p.t >= start);
      if (!points.length) return;
      g.beginPath();
      points.forEach((p, i) => {
        const x = left + (p.t - start) / span * plotWidth;
        const y = top + plotHeight - p.v / max * plotHeight;
        i ? g.lineTo(x, y) : g.moveTo(x, y);
      });
      g.strokeStyle = cssColor(line.color); g.lineWidth = 1.5; g.stroke();
    });
  }
  const points = (samples, field) => samples.map(s => ({ t: s.t, v: s[field] }));

  function charts(service) {
    const t = service.traffic || [];
    const last = t.length ? t[t.length - 1] : { p50: 0, p99: 0 };
    return el('div', { class: 'charts' },
      chart('Requests', [{ label: 'req/s', css: 'req', color: '--info', points: points(t, 'requests') },
        { label: '5xx/s', css: 'err', color: '--down', points: points(t, 'errors') }], '/s',
        rate(meanRate(t, 'requests', 10)) + ' req/s · ' + rate(meanRate(t, 'errors', 10)) + ' 5xx/s (10 s mean)'),
      chart('Latency', [{ label: 'p50', css: 'ok', color: '--up', points: points(t, 'p50') },
        { label: 'p99', css: 'p99', color: '--accent', points: points(t, 'p99') }], 'ms',
        'p50 ' + rate(last.p50) + ' ms · p99 ' + rate(last.p99) + ' ms'));
  }

  const down = service => service.servers.filter(s => s.status === 'DOWN');
  const usable = service => service.servers.filter(s => s.status === 'UP' && !s.drained);
  const degraded = service => service.status !== 'enabled' || down(service).length > 0;

  // Each server's part of the service's requests over the window, as a bar of segments and per row (with the
  // server's p50/p99 over the same 5 minutes).
  function shareOf(service, server) {
    const total = service.servers.reduce((sum, s) => sum + s.requestsInWindow, 0);
    return total ? server.requestsInWindow / total * 100 : 0;
  }
  function shareBar(service) {
    const total = service.servers.reduce((sum, s) => sum + s.requestsInWindow, 0);
    if (!total) return el('div', { class: 'muted share-empty' }, 'No requests to its servers in the last 5 minutes.');
    return el('div', { class: 'share', 'aria-label': 'request share per server, last 5 minutes' },
      el('div', { class: 'share-bar' }, service.servers.map((s, i) =>
        withWidth(el('span', { class: 'segment s' + (i % 6), title: s.key + ' ' + shareOf(service, s).toFixed(1) + '%' }), shareOf(service, s)))),
      el('div', { class: 'share-legend' }, service.servers.map((s, i) => el('span', { class: 'share-item', 'data-share': s.id },
        el('i', { class: 'dot s' + (i % 6) }), s.key + ' ' + shareOf(service, s).toFixed(1) + '%'))));
  }

  function serverRows(service, withActions) {
    if (!service.servers.length) return el('p', { class: 'muted' }, service.type === 'weighted' ? 'Weighted service: see its children.' : 'No servers.');
    const rows = service.servers.filter(s => matches(service.name, s.url, s.key, s.node)).map((s, i) => {
      const probe = s.lastProbe ? (s.lastProbe.healthy ? '✓ ' : '✗ ') + s.lastProbe.result + ' · ' + s.lastProbe.latencyMillis + ' ms · ' + ago(s.lastProbe.at) : (s.activelyChecked ? 'pending' : 'no health check');
      const action = el('button', { class: 'drain' + (s.drained ? ' undrain' : ''), 'data-server': s.id,
        on: { click: () => drain(service.name, s.id, s.key, !s.drained) } }, s.drained ? 'Undrain' : 'Drain');
      const share = shareOf(service, s);
      return el('tr', { 'data-server': s.id, 'data-status': s.status, class: s.status === 'DOWN' ? 'bad-row' : '' },
        cell('Server', el('div', { class: 'mono' }, s.url), el('div', { class: 'muted mono' }, s.key)),
        cell('Weight', String(s.weight), s.weight === 0 ? ' (drained in store)' : ''),
        cell('Share, latency (5 min)', el('span', { class: 'share-value' }, share.toFixed(1) + '%'),
          el('span', { class: 'muted' }, ' · ' + count(s.requestsInWindow) + ' req'),
          el('div', { class: 'mini-bar' }, withWidth(el('span', { class: 'segment s' + (i % 6) }), share)),
          el('div', { class: 'muted small latency', 'data-latency': s.id }, s.requestsInWindow
            ? 'p50 ' + rate(s.p50) + ' ms · p99 ' + rate(s.p99) + ' ms' : 'no latency: no requests')),
        cell('Node', s.node || '—'),
        cell('Health', el('span', { class: 'badge health ' + s.state }, s.state),
          s.state !== 'UP' && s.since ? el('div', { class: 'muted' }, 'since ' + ago(s.since)) : null,
          s.ejection ? el('div', { class: 'errors' }, 'ejected: ' + s.ejection.reason) : null),
        cell('Last probe', probe),
        cell('Drain', s.drained ? badge('drained (operator)', 'drained') : null, ' ', withActions ? action : null));
    });
    return table(['Server', 'Weight', 'Share, latency (5 min)', 'Node', 'Health', 'Last probe', 'Drain'], rows, 'No servers match.');
  }

  function serviceCard(service, detail) {
    const downCount = down(service).length;
    return el('section', { class: 'card service' + (degraded(service) ? ' degraded' : ''), 'data-service': service.name },
      el('div', { class: 'service-head' },
        el('h3', {}, detail ? service.name : el('a', { href: '#/service/' + encodeURIComponent(service.name) }, service.name)),
        badge(service.status),
        service.servers.length ? badge(usable(service).length + '/' + service.servers.length + ' usable', usable(service).length ? 'info' : 'error') : null,
        downCount ? badge(downCount + ' down', 'error down-count') : null,
        el('span', { class: 'type muted' }, service.type)),
      errorList(service.errors),
      service.usedBy.length ? el('div', { class: 'muted' }, 'used by ', service.usedBy.map((r, i) => [i ? ', ' : '', el('a', { href: '#/router/' + encodeURIComponent(r) }, r)])) : null,
      charts(service),
      service.servers.length ? shareBar(service) : null,
      serverRows(service, true));
  }

  function attention() {
    const items = [];
    if (!state.store.connected) items.push(['error', 'Store unreachable: serving the configuration read ' + ago(state.store.staleSince), '#/agents']);
    state.services.filter(s => down(s).length).forEach(s => items.push(['error', s.name + ': ' + down(s).length + ' down of ' + s.servers.length, '#/service/' + encodeURIComponent(s.name)]));
    state.services.filter(s => s.servers.length && !usable(s).length).forEach(s => items.push(['error', s.name + ': no usable server', '#/service/' + encodeURIComponent(s.name)]));
    state.routers.filter(r => r.status === 'disabled').forEach(r => items.push(['error', 'router ' + r.name + ' disabled: ' + (r.errors[0] || ''), '#/router/' + encodeURIComponent(r.name)]));
    const streams = [...state.tcp.routers, ...state.udp.routers].filter(r => r.status === 'disabled');
    streams.forEach(r => items.push(['error', 'router ' + r.name + ' disabled: ' + ((r.error || [])[0] || ''), state.tcp.routers.includes(r) ? '#/tcp' : '#/udp']));
    const problems = state.problems.length;
    if (problems) items.push([state.problems.some(p => p.severity === 'error') ? 'error' : 'warning', problems + ' configuration problem' + (problems > 1 ? 's' : ''), '#/problems']);
    if (!items.length) return el('div', { class: 'card attention ok', id: 'attention' }, badge('all healthy', 'enabled'), ' ', el('span', { class: 'muted' }, 'no server down, no router disabled, no problem.'));
    return el('div', { class: 'card attention', id: 'attention' }, el('h3', {}, 'Needs attention'),
      el('ul', {}, items.map(([kind, text, href]) => el('li', { class: kind }, badge(kind === 'error' ? '!' : 'i', kind), ' ', el('a', { href }, text)))));
  }

  // The whole proxy: requests, those no router matched (404) and 5xx answers, last 5 minutes and since start.
  function trafficPanel() {
    const t = state.traffic;
    const samples = t.samples || [];
    const inWindow = field => samples.reduce((sum, s) => sum + s[field], 0);
    const stat = (id, title, value, detail, bad) => el('div', { class: 'stat' + (bad ? ' bad' : ''), id },
      el('div', { class: 'muted' }, title), el('div', { class: 'count' }, value), el('div', { class: 'muted small' }, detail));
    return el('section', { class: 'card traffic', id: 'traffic' },
      el('h3', {}, 'All traffic'),
      el('div', { class: 'stats' },
        stat('stat-requests', 'Requests', rate(meanRate(samples, 'requests', 10)) + '/s', count(inWindow('requests')) + ' in 5 min · ' + count(t.totals.requests) + ' since start'),
        stat('stat-noroute', '404 no route', count(inWindow('noRoute')), 'in 5 min · ' + count(t.totals.noRoute) + ' since start · ' + rate(meanRate(samples, 'noRoute', 10)) + '/s', inWindow('noRoute') > 0),
        stat('stat-5xx', '5xx answers', count(inWindow('errors')), 'in 5 min · ' + count(t.totals.errors) + ' since start · ' + rate(meanRate(samples, 'errors', 10)) + '/s', inWindow('errors') > 0)),
      el('div', { class: 'charts one' }, chart('Requests per second, all routers', [
        { label: 'all', css: 'req', color: '--info', points: points(samples, 'requests') },
        { label: '404 no route', css: 'warn', color: '--warn', points: points(samples, 'noRoute') },
        { label: '5xx', css: 'err', color: '--down', points: points(samples, 'errors') }], '/s',
        rate(meanRate(samples, 'requests', 10)) + ' req/s (10 s mean)')));
  }

  function overview() {
    const servers = state.services.flatMap(s => s.servers);
    const countOf = (items, status) => items.filter(i => i.status === status).length;
    const card = (title, total, parts, href, bad) => el('a', { class: 'card tile' + (bad ? ' bad' : ''), href }, el('div', { class: 'muted' }, title),
      el('div', { class: 'count' }, String(total), el('small', {}, parts)));
    const serversDown = servers.filter(s => s.status === 'DOWN').length;
    const tcpOpen = state.tcp.routers.reduce((sum, r) => sum + r.connections, 0);
    return [
      el('div', { class: 'cards' },
        card('Routers', state.routers.length, countOf(state.routers, 'disabled') + ' disabled · ' + countOf(state.routers, 'warning') + ' warn', '#/routers', countOf(state.routers, 'disabled') > 0),
        card('Services', state.services.length, countOf(state.services, 'disabled') + ' disabled · ' + state.services.filter(degraded).length + ' degraded', '#/services', state.services.some(degraded)),
        card('Servers', servers.length, serversDown + ' down · ' + servers.filter(s => s.drained).length + ' drained', '#/services', serversDown > 0),
        card('Middlewares', state.middlewares.length, countOf(state.middlewares, 'disabled') + ' disabled', '#/middlewares', countOf(state.middlewares, 'disabled') > 0),
        card('TCP / UDP routers', state.tcp.routers.length + ' / ' + state.udp.routers.length, plural(tcpOpen, 'connection') + ' open', '#/tcp', [...state.tcp.routers, ...state.udp.routers].some(r => r.status === 'disabled')),
        card('Problems', state.problems.length, plural(state.problems.filter(p => p.severity === 'error').length, 'error'), '#/problems', state.problems.length > 0)),
      attention(),
      trafficPanel(),
      el('h2', {}, 'Services'), servicesGrid(),
      el('h2', {}, 'Routers'), routersTable(),
      el('h2', {}, 'Entry points'), entryPointsTable(),
      storeCard()
    ];
  }

  function storeCard() {
    const s = state.store;
    return el('div', { class: 'card', id: 'store-card' },
      el('h3', {}, 'Store (' + state.provider + ')'),
      el('div', {}, s.connected ? badge('connected', 'UP') : badge('unreachable, serving stale configuration since ' + ago(s.staleSince), 'DOWN'),
        ' ', el('span', { class: 'muted' }, s.detail)),
      el('div', { class: 'muted' }, 'revision ' + s.revision + ' · read ' + ago(s.readAt) + ' · snapshot #' + s.generation));
  }

  function servicesGrid() {
    const services = state.services.filter(s => matches(s.name, s.type, ...s.servers.flatMap(v => [v.url, v.key, v.node])));
    return services.length ? el('div', { class: 'services' }, services.map(s => serviceCard(s, false))) : el('p', { class: 'card empty muted' }, 'No services match.');
  }

  const routerLink = name => el('a', { href: '#/router/' + encodeURIComponent(name) }, name);
  const tlsText = tls => !tls ? '' : ['TLS', tls.passthrough ? 'passthrough' : '', tls.options ? 'options ' + tls.options : '',
    tls.certResolver ? 'resolver ' + tls.certResolver : '', (tls.domains || []).length ? 'domains ' + tls.domains.map(d => [d.main, ...(d.sans || [])].join(', ')).join('; ') : ''].filter(Boolean).join(' · ');

  function routersTable() {
    const routers = state.routers.filter(r => matches(r.name, r.rule, r.service, ...r.middlewares));
    const rows = routers.map(r => el('tr', { 'data-router': r.name, class: r.status === 'disabled' ? 'bad-row' : r.status === 'warning' ? 'warn-row' : '' },
      cell('Router', routerLink(r.name)),
      el('td', { 'data-label': 'Rule', class: 'mono rule-cell' }, r.rule),
      cell('Priority', String(r.priority)),
      cell('Entry points', r.entryPoints.join(', ')),
      cell('Service', el('a', { href: '#/service/' + encodeURIComponent(r.service) }, r.service)),
      cell('Middlewares', r.middlewares.join(', ') || '—'),
      cell('TLS', r.tls ? badge(tlsText(r.tls), 'info') : '—'),
      cell('Status', badge(r.status), errorList(r.errors))));
    return el('div', { class: 'card' }, table(['Router', 'Rule', 'Priority', 'Entry points', 'Service', 'Middlewares', 'TLS', 'Status'], rows, 'No routers match.'));
  }

  // One router as a request goes through it: entry points, middlewares in order, the service, its servers.
  function routerDetail(name) {
    const r = state.routers.find(x => x.name === name);
    if (!r) return [el('a', { class: 'back', href: '#/routers' }, '← all routers'), el('p', { class: 'card empty' }, 'No router ' + name + '.')];
    const service = state.services.find(s => s.name === r.service);
    const entryPoints = (state.entryPoints || []).filter(e => r.entryPoints.includes(e.name));
    const step = (kind, title, ...body) => el('div', { class: 'step ' + kind, 'data-step': kind }, el('div', { class: 'step-kind muted' }, title), ...body);
    const arrow = () => el('div', { class: 'arrow', 'aria-hidden': 'true' }, '→');
    const middlewares = r.middlewares.map(ref => {
      const m = state.middlewares.find(x => x.name === ref);
      return el('div', { class: 'middleware', 'data-middleware': ref }, el('b', {}, ref), ' ', m ? badge(m.type, 'info') : badge('not found', 'error'),
        m ? el('div', { class: 'mono muted' }, options(m)) : null, m && m.status !== 'enabled' ? errorList(m.errors) : null);
    });
    const servers = service ? service.servers.map(s => el('div', { class: 'server-line', 'data-server': s.id },
      el('span', { class: 'badge health ' + s.state }, s.state), ' ', el('span', { class: 'mono' }, s.url),
      el('span', { class: 'muted' }, ' · weight ' + s.weight + ' · ' + shareOf(service, s).toFixed(1) + '% of requests'))) : [];
    return [el('a', { class: 'back', href: '#/routers' }, '← all routers'),
      el('section', { class: 'card router-detail' + (r.status === 'disabled' ? ' degraded' : ''), 'data-router': r.name },
        el('div', { class: 'service-head' }, el('h3', {}, r.name), badge(r.status), el('span', { class: 'type muted' }, 'priority ' + r.priority)),
        el('div', { class: 'mono rule' }, r.rule), errorList(r.errors),
        el('div', { class: 'flow' },
          step('entrypoints', 'Entry points', entryPoints.length ? entryPoints.map(e => el('div', {}, el('b', {}, e.name), ' ', el('span', { class: 'mono muted' }, e.listening || e.address),
            e.http && e.http.tls ? [' ', badge('TLS', 'enabled')] : null)) : el('div', {}, r.entryPoints.join(', ') || 'none')),
          arrow(),
          step('tls', 'TLS', r.tls ? el('div', {}, tlsText(r.tls)) : el('div', { class: 'muted' }, entryPoints.some(e => e.http && e.http.tls) ? 'from the entry point' : 'none (plain HTTP)')),
          arrow(),
          step('middlewares', 'Middlewares', middlewares.length ? middlewares : el('div', { class: 'muted' }, 'none')),
          arrow(),
          step('service', 'Service', el('a', { href: '#/service/' + encodeURIComponent(r.service) }, r.service), ' ',
            service ? badge(service.status) : badge('not found', 'error'), service ? el('div', { class: 'muted' }, service.type) : null),
          arrow(),
          step('servers', 'Servers', servers.length ? servers : el('div', { class: 'muted' }, service && service.type === 'weighted' ? 'weighted: see the service' : 'none')))),
      service ? charts(service) : null];
  }

  const options = m => {
    const settings = Object.values(m.options || {})[0];
    return settings && Object.keys(settings).length ? JSON.stringify(settings) : '—';
  };
  const counters = m => Object.entries(m.counters || {}).map(([event, n]) => event + ' ' + n).join(', ') || '—';

  function middlewaresTable() {
    const items = state.middlewares.filter(m => matches(m.name, m.type));
    const rows = items.map(m => el('tr', { 'data-middleware': m.name, class: m.status === 'disabled' ? 'bad-row' : '' }, cell('Middleware', m.name),
      cell('Type', m.type), el('td', { 'data-label': 'Options', class: 'mono' }, options(m)),
      el('td', { 'data-label': 'Counters', class: 'counters' }, counters(m)),
      cell('Used by', m.usedBy.length ? m.usedBy.map((r, i) => [i ? ', ' : '', routerLink(r)]) : '—'), cell('Status', badge(m.status), errorList(m.errors))));
    return el('div', { class: 'card' }, table(['Middleware', 'Type', 'Options', 'Counters', 'Used by', 'Status'], rows, 'No middlewares.'));
  }

  function problemsTable() {
    const items = state.problems.filter(p => (!providerFilter.value || !p.entity || p.entity.includes('@' + providerFilter.value) || !p.entity.includes('@'))
      && (!filterText() || [p.key, p.reason, p.entity].some(t => String(t || '').toLowerCase().includes(filterText()))));
    const rows = items.map(p => el('tr', { class: p.severity === 'error' ? 'bad-row' : 'warn-row' }, cell('Severity', badge(p.severity, p.severity === 'error' ? 'error' : 'warning')),
      el('td', { 'data-label': 'Key', class: 'mono' }, p.key || '—'), el('td', { 'data-label': 'Value', class: 'mono' }, p.value),
      cell('Reason', p.reason)));
    return el('div', { class: 'card' }, table(['Severity', 'Key', 'Value', 'Reason'], rows, 'No configuration problems.'));
  }

  // Agents from their server ids and their status keys (version, lease, problems); an agent without a status key
  // (older than this proxy) shows what its server keys tell.
  function agentsTable() {
    const rows = state.agents.filter(a => !filterText() || a.node.toLowerCase().includes(filterText())).map(a => {
      const problems = a.problems || [];
      return el('tr', { 'data-agent': a.node, class: !a.present || problems.length ? 'bad-row' : '' },
        cell('Node', el('b', {}, a.node), a.version ? el('div', { class: 'muted small' }, a.version) : null),
        cell('State', a.present ? badge('keys present', 'enabled') : badge('keys gone', 'error'),
          problems.length ? [' ', badge(plural(problems.length, 'problem'), 'error')] : null),
        cell('Servers', String(a.servers)), cell('Keys', String(a.keys)),
        cell('Last seen', a.present ? 'now' : ago(a.lastSeen)), cell('First seen', ago(a.firstSeen)),
        cell('Lease TTL', a.leaseTtlSeconds !== undefined
          ? [el('span', { class: 'lease-ttl' }, a.leaseTtlSeconds + ' s'), el('div', { class: 'muted small mono' }, count(a.keysHeld) + ' keys on lease ' + a.leaseId)]
          : el('span', { class: 'muted' }, 'unknown')),
        cell('Problems', problems.length
          ? el('ul', { class: 'errors' }, problems.map(p => el('li', {}, el('span', { class: 'mono' }, p.where), ': ', p.reason)))
          : el('span', { class: 'muted' }, a.leaseTtlSeconds !== undefined ? 'none' : '—')));
    });
    return el('div', { class: 'card' },
      table(['Node', 'State', 'Servers', 'Keys', 'Last seen', 'First seen', 'Lease TTL', 'Problems'], rows, 'No agent seen (no server ids <node>--<instance>, no status keys).'),
      el('p', { class: 'muted small note' }, 'Agents are known by the node in their server ids (<node>--<instance>) and by their status keys (kvroute/agents/<node>, on the agent\'s lease). Keys: the server keys they wrote (url, weight, preservePath). '
        + 'Seen: since this dashboard first read their keys; a gone agent stays listed for 24 h. Version, lease TTL and problems come from the status key; '
        + 'an agent without one (an older version) shows "unknown".'));
  }

  function entryPointsTable() {
    const items = (state.entryPoints || []).filter(e => !filterText() || [e.name, e.address].some(t => String(t).toLowerCase().includes(filterText())));
    const routersOn = name => state.routers.filter(r => r.entryPoints.includes(name)).length;
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
    const rows = items.map(e => el('tr', { 'data-entrypoint': e.name }, cell('Entry point', el('b', {}, e.name)),
      el('td', { 'data-label': 'Address', class: 'mono' }, e.address, e.listening && e.listening !== e.address ? el('div', { class: 'muted' }, 'listening on ' + e.listening) : null), cell('TLS', tls(e)),
      cell('Redirect', redirect(e)), cell('HTTP routers', String(routersOn(e.name)))));
    return el('div', { class: 'card' }, table(['Entry point', 'Address', 'TLS', 'Redirect', 'HTTP routers'], rows, 'No entry points match.'));
  }

  function certificatesTable() {
    const items = (state.certificates || []).filter(c => !filterText() || [c.id, c.issuer, c.source, ...c.domains].some(t => String(t || '').toLowerCase().includes(filterText())));
    // A resolver's certificate not issued yet has no notAfter: its renewal state says where its order stands.
    const failing = c => c.renewal === 'BACKING_OFF' || c.renewal === 'REFUSED';
    const status = c => c.expired ? badge('expired', 'error')
      : !c.notAfter ? badge('not issued · ' + c.renewal, failing(c) ? 'error' : 'warning')
        : failing(c) ? badge('valid · renewal ' + c.renewal, 'warning') : badge('valid', 'enabled');
    const rows = items.map(c => el('tr', { 'data-certificate': c.id, class: c.expired || (!c.notAfter && failing(c)) ? 'bad-row' : '' }, el('td', { 'data-label': 'Domains', class: 'mono' }, c.domains.join(', ') || c.subject),
      cell('Issuer', c.issuer), cell('Not after', c.notAfter),
      cell('Source', c.source + (c.source === 'store' ? ' (' + c.id + ')' : '')),
      cell('Status', status(c), c.lastError ? el('div', { class: 'muted' }, c.lastError) : null,
        c.nextAttempt ? el('div', { class: 'muted' }, 'next attempt ' + c.nextAttempt) : null)));
    return el('div', { class: 'card' }, table(['Domains', 'Issuer', 'Not after', 'Source', 'Status'], rows, 'No certificates match.'));
  }

  // The TCP or UDP section: routers with what they have open now, and services with their servers.
  function streamTab(protocol) {
    const section = state[protocol];
    const openField = protocol === 'tcp' ? 'connections' : 'sessions';
    const routers = section.routers.filter(r => matches(r.name, r.rule, r.service));
    const rows = routers.map(r => el('tr', { 'data-router': r.name, class: r.status === 'disabled' ? 'bad-row' : '' },
      cell('Router', el('b', {}, r.name)),
      protocol === 'tcp' ? el('td', { 'data-label': 'Rule', class: 'mono rule-cell' }, r.rule || '—') : null,
      cell('Entry points', (r.using || []).join(', ') || (r.entryPoints || []).join(', ') || '—'),
      cell('Service', r.service || '—'),
      protocol === 'tcp' ? cell('TLS', r.tls ? badge(tlsText(r.tls), 'info') : '—') : null,
      el('td', { 'data-label': protocol === 'tcp' ? 'Open connections' : 'Open sessions', class: 'open-count' }, el('b', {}, String(r[openField]))),
      cell('Status', badge(r.status), errorList(r.error))));
    const headers = protocol === 'tcp' ? ['Router', 'Rule', 'Entry points', 'Service', 'TLS', 'Open connections', 'Status']
      : ['Router', 'Entry points', 'Service', 'Open sessions', 'Status'];
    const services = section.services.filter(s => matches(s.name, s.type));
    const serviceRows = services.map(s => el('tr', { 'data-service': s.name, class: s.status === 'disabled' ? 'bad-row' : '' },
      cell('Service', el('b', {}, s.name)), cell('Type', s.type || '—'),
      el('td', { 'data-label': 'Servers', class: 'mono' }, ((s.loadBalancer || {}).servers || []).map(v => v.address + ((s.serverStatus || {})[v.address] === 'DOWN' ? ' (DOWN)' : '')).join(', ') || (s.weighted ? 'weighted' : '—')),
      cell('Used by', (s.usedBy || []).join(', ') || '—'), cell('Status', badge(s.status), errorList(s.error))));
    const open = routers.reduce((sum, r) => sum + r[openField], 0);
    return [el('h2', {}, protocol.toUpperCase() + ' routers ', el('span', { class: 'muted small' }, '· ' + open + ' ' + (protocol === 'tcp' ? 'connection' : 'session') + (open === 1 ? '' : 's') + ' open now')),
      el('div', { class: 'card' }, table(headers, rows, 'No ' + protocol.toUpperCase() + ' routers.')),
      el('h2', {}, protocol.toUpperCase() + ' services'),
      el('div', { class: 'card' }, table(['Service', 'Type', 'Servers', 'Used by', 'Status'], serviceRows, 'No ' + protocol.toUpperCase() + ' services.'))];
  }

  function providers() {
    const names = [...state.routers, ...state.services, ...state.middlewares, ...state.tcp.routers, ...state.tcp.services,
      ...state.udp.routers, ...state.udp.services].map(x => provider(x.name)).filter(Boolean);
    const list = [...new Set(names)].sort();
    const current = providerFilter.value;
    const wanted = ['', ...list].join(',');
    if (providerFilter.dataset.options !== wanted) {
      providerFilter.replaceChildren(el('option', { value: '' }, 'all providers'), ...list.map(p => el('option', { value: p }, p)));
      providerFilter.dataset.options = wanted;
      providerFilter.value = list.includes(current) ? current : '';
    }
  }

  function render() {
    if (!state) return;
    providers();
    const route = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
    const section = route.split('/')[0];
    const tabOf = { service: 'services', router: 'routers' };
    document.querySelectorAll('.sections a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#/' + (tabOf[section] || section)));
    document.querySelectorAll('.sections a[data-alert]').forEach(a => a.classList.toggle('alert', alertFor(a.getAttribute('data-alert'))));
    let content;
    if (route.startsWith('service/')) {
      const service = state.services.find(s => s.name === route.substring(8));
      content = [el('a', { class: 'back', href: '#/services' }, '← all services'),
        service ? serviceCard(service, true) : el('p', { class: 'card empty' }, 'No service ' + route.substring(8) + '.')];
    } else if (route.startsWith('router/')) content = routerDetail(route.substring(7));
    else if (route === 'services') content = [el('h2', {}, 'Services'), servicesGrid()];
    else if (route === 'routers') content = [el('h2', {}, 'HTTP routers'), routersTable()];
    else if (route === 'middlewares') content = [el('h2', {}, 'Middlewares'), middlewaresTable()];
    else if (route === 'tcp') content = streamTab('tcp');
    else if (route === 'udp') content = streamTab('udp');
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

  function alertFor(tab) {
    if (tab === 'services') return state.services.some(degraded);
    if (tab === 'routers') return state.routers.some(r => r.status === 'disabled');
    if (tab === 'problems') return state.problems.length > 0;
    if (tab === 'agents') return state.agents.some(a => !a.present || (a.problems || []).length) || !state.store.connected;
    if (tab === 'tcp' || tab === 'udp') return state[tab].routers.some(r => r.status === 'disabled');
    return false;
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

  // Traffic samples held between polls: a poll asks only for the seconds from the newest one held on (that second
  // may have grown since), so it carries a second or two per service instead of the whole window for each.
  let heldServices = new Map();
  let heldUntil = 0;
  const merged = (held, fresh, since, oldest) => held.filter(s => s.t < since && s.t >= oldest).concat(fresh);

  function holdSamples(next) {
    const since = next.samplesSince || 0;
    const oldest = Math.floor(Date.parse(next.now) / 1000) - (next.window || 300);
    next.traffic.samples = merged(state ? state.traffic.samples : [], next.traffic.samples || [], since, oldest);
    const services = new Map();
    next.services.forEach(s => {
      s.traffic = merged(heldServices.get(s.name) || [], s.traffic || [], since, oldest);
      services.set(s.name, s.traffic);
    });
    heldServices = services;
    const all = next.traffic.samples;
    heldUntil = all.length ? all[all.length - 1].t : 0;
  }

  async function refresh() {
    try {
      const response = await fetch('/api/kvroute/state?since=' + heldUntil, { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) throw new Error('HTTP ' + response.status);
      const next = await response.json();
      holdSamples(next);
      state = next;
      render();
    } catch (e) {
      const store = document.getElementById('store');
      store.textContent = 'dashboard offline: ' + e.message;
      store.className = 'pill bad';
    }
  }

  search.addEventListener('input', render);
  providerFilter.addEventListener('change', render);
  window.addEventListener('hashchange', render);
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', render);
  fetch('/api/kvroute/session', { credentials: 'same-origin', cache: 'no-store' })
    .then(r => r.json()).then(s => { session = s; }).catch(() => {}).finally(() => { refresh(); setInterval(refresh, 1000); });
})();

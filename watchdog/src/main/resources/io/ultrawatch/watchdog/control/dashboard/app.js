'use strict';
// The ultrawatch dashboard: polls the watchdog's API, draws per-bot cards and uPlot charts, and offers an emergency
// restart behind a confirmation. No framework, no build step; everything is served from the watchdog's jar.
(() => {
  const TOKEN_KEY = 'ultrawatch.token';
  const POLL_MS = 2000;
  const HISTORY_MS = 10000;
  const BUCKET_S = 900;
  const OUTPUT_LINES = 200;
  // States that need a person's eye; with crash-looping and degraded they make a bot "in trouble" (summary line,
  // card order). STARTING alone is not trouble: every start passes through it.
  const TROUBLE_STATES = new Set(['BACKOFF', 'HELD', 'WAITING_FOR_FIX']);
  // What a restart does next, as the supervisor reports it: these fold into the restart's row of the events table.
  // held and waiting_for_fix end the fold and keep their own row: they are what a person must act on.
  const RESTART_STEPS = new Set(['stopping', 'killed', 'stop_stuck', 'stopped', 'crash_looping', 'backoff',
    'starting', 'start_failed', 'healthy', 'adopted', 'recovered']);
  const RESTART_ENDS = new Set(['healthy', 'adopted', 'recovered']);
  const WARN_KINDS = new Set(['restart', 'probe_failed', 'memory_high', 'killed', 'crash_looping']);
  const ERROR_KINDS = new Set(['start_failed', 'config_invalid', 'held', 'waiting_for_fix', 'stop_stuck']);
  const BADGES = {
    RUNNING: ['Running', 'running'], STARTING: ['Starting', 'starting'], BACKOFF: ['Backing off', 'backoff'],
    STOPPING: ['Stopping', 'stopping'], STOPPED: ['Stopped', 'stopped'], HELD: ['Held', 'held'],
    WAITING_FOR_FIX: ['Waiting for a fix', 'waiting'],
  };
  // States in which the bot runs no process and waits for a person (or its own timer): the card says why and offers
  // a start, which lifts a hold of the start budget or ends a wait for a fix.
  const WAITS = {
    HELD: (b) => 'Held: the start budget is used up (' + b.starts_in_window + ' starts in the window). It starts by'
      + ' itself ' + (b.held_until ? 'at ' + new Date(b.held_until).toLocaleString() : 'when the window frees a start')
      + ', or now with Start now. Read why it restarted so often in the events below first.',
    WAITING_FOR_FIX: () => 'Waiting for a fix: the bot exited with a code that means it cannot run until something'
      + ' is fixed (often a refused token). It starts within seconds of a change of its env file, its config or a'
      + ' watched path; Start now starts it without a change.',
    STOPPED: () => null,
  };
  const $ = (sel, el = document) => el.querySelector(sel);
  const cards = new Map();
  let token = sessionStorage.getItem(TOKEN_KEY);
  let failingSince = null;
  let lastHistory = 0;
  let lastStatus = null;
  let pending = null; // {bot, oldPid} while a restart from this page is being watched
  let outputBot = null; // the bot whose output the pane shows

  class AuthError extends Error {}

  async function api(path, options = {}) {
    const res = await fetch(path, {
      ...options,
      cache: 'no-store',
      headers: { Authorization: 'Bearer ' + token, 'X-Ultrawatch-Client': 'dashboard' },
    });
    let body = null;
    try { body = await res.json(); } catch (e) { body = { error: 'HTTP ' + res.status }; }
    if (res.status === 401) {
      showLogin(token ? body.error : '');
      throw new AuthError(body.error);
    }
    return { status: res.status, ok: res.ok, body };
  }

  // ---- token ----

  function showLogin(message) {
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    $('#login').hidden = false;
    $('#forget').hidden = true;
    $('#login-error').textContent = message || '';
    $('#token').focus();
  }

  $('#login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    token = $('#token').value.trim();
    $('#token').value = '';
    sessionStorage.setItem(TOKEN_KEY, token);
    $('#login').hidden = true;
    $('#forget').hidden = false;
    refreshNow();
  });
  $('#forget').addEventListener('click', () => showLogin(''));

  // ---- polling ----

  let timer = null;
  function refreshNow() {
    clearTimeout(timer);
    refresh();
  }

  async function refresh() {
    try {
      if (!token) {
        showLogin('');
        return;
      }
      // 100 events: a restart is about five of them, folded into one row below.
      const [status, events] = await Promise.all([api('/api/status'), api('/api/events?limit=100')]);
      if (!status.ok) throw new Error(status.body.error);
      connected();
      renderStatus(status.body);
      if (events.ok) renderEvents(events.body.events);
      await refreshOutput();
      if (Date.now() - lastHistory > HISTORY_MS) {
        lastHistory = Date.now();
        const history = await api('/api/history');
        if (history.ok) renderHistory(history.body);
      }
    } catch (e) {
      if (!(e instanceof AuthError)) disconnected(e);
    } finally {
      if (token) timer = setTimeout(refresh, POLL_MS);
    }
  }

  function connected() {
    failingSince = null;
    document.body.classList.remove('offline');
    $('#banner').hidden = true;
    $('#login').hidden = true;
    $('#forget').hidden = false;
    $('#events-panel').hidden = false;
  }

  function disconnected(e) {
    failingSince = failingSince || new Date();
    document.body.classList.add('offline');
    const banner = $('#banner');
    banner.textContent = 'Cannot reach the watchdog at ' + location.host + ' since '
      + failingSince.toLocaleTimeString() + ' (' + (e && e.message ? e.message : 'no answer')
      + '). Retrying every ' + POLL_MS / 1000 + ' s. The bots may still run: the watchdog does not own them.';
    banner.hidden = false;
    for (const card of cards.values()) setBadge(card, null);
    $('#watchdog').textContent = 'Watchdog unreachable';
  }

  // ---- rendering ----

  function renderStatus(doc) {
    lastStatus = doc;
    const w = doc.watchdog;
    $('#watchdog').textContent = 'Watchdog ' + w.version + ' · pid ' + w.pid + ' · up '
      + duration((Date.now() - Date.parse(w.started_at)) / 1000) + ' · config ' + w.config
      + (w.config_error ? ' · CONFIG ERROR: ' + w.config_error : '');
    const seen = new Set();
    for (const bot of doc.bots) {
      seen.add(bot.name);
      renderBot(card(bot.name), bot);
    }
    for (const [name, c] of cards) {
      if (!seen.has(name)) { c.el.remove(); cards.delete(name); }
    }
    renderSummary(doc.bots);
    orderCards(doc.bots);
    renderOutputChoices(doc.bots);
    renderNotifications(doc.notifications);
    watchPendingRestart(doc);
  }

  // Why a bot is in trouble ('BACKOFF, crash-looping'), or null when it is not.
  function trouble(b) {
    const why = [];
    if (TROUBLE_STATES.has(b.state)) why.push(b.state);
    else if (b.crash_looping) why.push(b.state);
    else if (b.state === 'RUNNING' && b.ready === false && b.degraded_since) why.push('DEGRADED');
    if (b.crash_looping) why.push('crash-looping');
    return why.length ? why.join(', ') : null;
  }

  // One line for the whole watchdog: "3 bots: 2 running, 1 in trouble: worker (BACKOFF, crash-looping)".
  function renderSummary(bots) {
    const el = $('#summary');
    const troubled = bots.filter((b) => trouble(b));
    const counts = new Map();
    for (const b of bots) {
      if (trouble(b)) continue;
      const key = b.state.toLowerCase().replace(/_/g, ' ');
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const parts = [];
    parts.push((counts.get('running') || 0) + ' running');
    counts.delete('running');
    for (const [state, n] of counts) parts.push(n + ' ' + state);
    if (troubled.length) {
      parts.push(troubled.length + ' in trouble: '
        + troubled.map((b) => b.name + ' (' + trouble(b) + ')').join(', '));
    }
    el.textContent = bots.length + (bots.length === 1 ? ' bot: ' : ' bots: ') + parts.join(', ');
    el.className = 'summary panel ' + (troubled.length ? 'trouble' : 'calm');
    el.hidden = bots.length === 0;
  }

  // Failing bots' cards first, each group in the status's order; nodes move only when the order changes.
  function orderCards(bots) {
    const wanted = bots.filter((b) => trouble(b)).concat(bots.filter((b) => !trouble(b))).map((b) => b.name);
    const container = $('#bots');
    const current = Array.from(container.children).map((el) => el.dataset.bot);
    if (current.join('\n') === wanted.join('\n')) return;
    for (const name of wanted) {
      if (cards.has(name)) container.appendChild(cards.get(name).el);
    }
  }

  // ---- output pane ----

  function renderOutputChoices(bots) {
    const select = $('#output-bot');
    const names = bots.map((b) => b.name);
    if (Array.from(select.options).map((o) => o.value).join('\n') !== names.join('\n')) {
      select.replaceChildren(...names.map((n) => new Option(n, n)));
    }
    if (!outputBot || !names.includes(outputBot)) outputBot = names[0] || null;
    select.value = outputBot || '';
    $('#output-panel').hidden = names.length === 0;
  }

  $('#output-bot').addEventListener('change', (ev) => {
    outputBot = ev.target.value;
    $('#output').textContent = '';
    refreshNow();
  });

  function showOutput(name) {
    outputBot = name;
    $('#output-bot').value = name;
    $('#output').textContent = '';
    $('#output-panel').scrollIntoView({ behavior: 'smooth', block: 'start' });
    refreshNow();
  }

  // Polls the last lines; stays at the bottom (follows) unless the reader scrolled up to read.
  async function refreshOutput() {
    if (!outputBot) return;
    const bot = outputBot;
    const r = await api('/api/bots/' + encodeURIComponent(bot) + '/output?lines=' + OUTPUT_LINES);
    if (bot !== outputBot) return;
    const pre = $('#output');
    const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 30;
    if (!r.ok) {
      pre.textContent = 'Cannot read the output: ' + r.body.error;
      return;
    }
    $('#output-file').textContent = 'logs/' + r.body.file + ', last ' + OUTPUT_LINES + ' lines';
    const text = r.body.lines.length ? r.body.lines.join('\n') : '(no output yet)';
    if (pre.textContent !== text) {
      pre.textContent = text;
      if (atBottom) pre.scrollTop = pre.scrollHeight;
    }
  }

  function card(name) {
    if (cards.has(name)) return cards.get(name);
    const el = $('#bot-template').content.firstElementChild.cloneNode(true);
    el.dataset.bot = name;
    $('.name', el).textContent = name;
    $('.restart', el).setAttribute('aria-label', 'Emergency restart of ' + name);
    $('.restart', el).addEventListener('click', () => confirmRestart(name));
    $('.start', el).setAttribute('aria-label', 'Start ' + name + ' now');
    $('.start', el).addEventListener('click', () => startNow(name, el));
    $('.show-output', el).setAttribute('aria-label', 'Show the output of ' + name);
    $('.show-output', el).addEventListener('click', () => showOutput(name));
    $('#bots').appendChild(el);
    const c = { el, charts: null };
    cards.set(name, c);
    return c;
  }

  function setBadge(c, state, degraded) {
    let [text, cls] = BADGES[state] || ['Unknown', 'unknown'];
    if (state === 'RUNNING' && degraded) [text, cls] = ['Degraded', 'backoff'];
    const badge = $('.badge', c.el);
    badge.textContent = text;
    badge.className = 'badge ' + cls;
  }

  function renderBot(c, b) {
    const el = c.el;
    setBadge(c, b.state, b.ready === false && b.degraded_since);
    $('.loop', el).hidden = !b.crash_looping;
    $('.pid', el).textContent = b.pid == null ? '–' : String(b.pid) + (b.adopted ? ' (adopted)' : '');
    $('.uptime', el).textContent = b.uptime_seconds > 0 ? duration(b.uptime_seconds) : '–';
    $('.restarts', el).textContent = String(b.restarts_total);
    const lr = b.last_restart;
    const last = $('.last', el);
    last.textContent = lr ? lr.reason + ', ' + ago(lr.at) + (lr.detail ? ' (' + lr.detail + ')' : '') : 'none';
    last.title = lr ? lr.at : '';
    $('.memory', el).textContent = (b.memory_mb == null ? '–' : Math.round(b.memory_mb) + ' MB')
      + (b.memory_limit_mb > 0 ? ' / ' + b.memory_limit_mb + ' MB limit' : '');
    const p = b.last_probe;
    $('.probe', el).textContent = !p ? '–' : (p.ok ? 'healthy' : 'failing: ' + (p.error || 'HTTP ' + p.status))
      + ', ' + p.latency_ms + ' ms';
    // A notify bot's own words (STATUS=): textContent, never markup, whatever the bot sends.
    $('.status-row', el).hidden = !b.status_text;
    $('.status-text', el).textContent = b.status_text || '';
    if (b.state === 'BACKOFF' && b.next_start_at) {
      $('.uptime', el).textContent = 'next start ' + ago(b.next_start_at).replace(' ago', '');
    }
    const why = WAITS[b.state] ? WAITS[b.state](b) : null;
    $('.why', el).hidden = !why;
    $('.why', el).textContent = why || '';
    $('.start', el).hidden = !(b.state in WAITS);
  }

  async function startNow(name, el) {
    const result = $('.start-result', el);
    $('.start', el).disabled = true;
    result.textContent = 'Sending…';
    try {
      const r = await api('/api/bots/' + encodeURIComponent(name) + '/start', { method: 'POST' });
      result.textContent = r.ok ? r.body.message : 'Refused: ' + r.body.error;
      refreshNow();
    } catch (e) {
      result.textContent = e instanceof AuthError ? 'The token was rejected: enter it again.'
        : 'Could not reach the watchdog: ' + e.message;
    } finally {
      $('.start', el).disabled = false;
    }
  }

  // One line per notification sink: what it sent, and its last result (a failing webhook shows here first).
  function renderNotifications(sinks) {
    const panel = $('#notify-panel');
    panel.hidden = !sinks || sinks.length === 0;
    if (panel.hidden) return;
    const list = $('#notify-list');
    list.replaceChildren();
    for (const s of sinks) {
      const li = document.createElement('li');
      const last = s.last_result
        ? s.last_result + ' ' + ago(s.last_at) + (s.last_detail ? ' (' + s.last_detail + ')' : '')
        : 'nothing sent yet';
      li.textContent = s.sink + ' (' + s.type + '): ' + s.sent + ' sent, ' + s.failed + ' failed, ' + s.dropped
        + ' dropped · last: ' + last;
      if (s.last_result === 'failed' || s.last_result === 'unusable') li.className = 'failing';
      list.appendChild(li);
    }
  }

  // Oldest first in, rows out: a restart and the steps that follow it for the same bot (stopping, stopped,
  // backoff, starting …) make one row, until the bot is healthy again or something else happens to it.
  function groupEvents(events) {
    const rows = [];
    const open = new Map();
    for (const e of events) {
      const row = e.bot ? open.get(e.bot) : null;
      if (e.kind === 'restart') {
        const r = { head: e, steps: [] };
        rows.push(r);
        if (e.bot) open.set(e.bot, r);
      } else if (row && RESTART_STEPS.has(e.kind)) {
        row.steps.push(e);
        if (RESTART_ENDS.has(e.kind)) open.delete(e.bot);
      } else {
        if (row) open.delete(e.bot);
        rows.push({ head: e, steps: [] });
      }
    }
    return rows;
  }

  function kindClass(kinds) {
    if (kinds.some((k) => ERROR_KINDS.has(k))) return 'error';
    if (kinds.some((k) => WARN_KINDS.has(k))) return 'warn';
    return '';
  }

  function renderEvents(events) {
    const body = $('#events tbody');
    // Keep the restarts someone opened open across the refresh.
    const opened = new Set(Array.from(body.querySelectorAll('details[open]')).map((d) => d.dataset.key));
    body.replaceChildren();
    for (const { head: e, steps } of groupEvents(events).reverse()) {
      const tr = document.createElement('tr');
      tr.className = kindClass([e.kind, ...steps.map((s) => s.kind)]);
      const time = new Date(e.at);
      const title = e.kind + (e.reason ? ' · ' + e.reason : '');
      cells(tr, [time.toLocaleTimeString(), e.bot || 'watchdog', title, e.message]);
      tr.firstChild.title = e.at;
      if (steps.length) {
        tr.classList.add('grouped');
        const details = document.createElement('details');
        details.className = 'steps';
        details.dataset.key = e.bot + '|' + e.at;
        details.open = opened.has(details.dataset.key);
        const summary = document.createElement('summary');
        summary.textContent = title + ' · ' + steps.length + (steps.length === 1 ? ' step' : ' steps');
        const list = document.createElement('ol');
        for (const step of steps) {
          const li = document.createElement('li');
          li.textContent = new Date(step.at).toLocaleTimeString() + ' ' + step.kind + ': ' + step.message;
          li.title = step.at;
          list.appendChild(li);
        }
        details.append(summary, list);
        tr.children[2].replaceChildren(details);
      }
      body.appendChild(tr);
    }
  }

  function cells(tr, values) {
    for (const v of values) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.appendChild(td);
    }
  }

  // ---- charts ----

  function renderHistory(doc) {
    if (typeof uPlot === 'undefined') return;
    for (const [name, series] of Object.entries(doc.bots)) {
      if (!cards.has(name)) continue;
      const c = cards.get(name);
      if (!c.charts) c.charts = makeCharts(c.el);
      const t = series.t;
      c.charts.memory.setData([t, series.memory_mb, series.memory_limit_mb]);
      c.charts.latency.setData([t, series.probe_latency_ms]);
      c.charts.restarts.setData(restartBuckets(series.restarts, doc.window_seconds));
      describe(c.el, series);
    }
  }

  function restartBuckets(restarts, windowSeconds) {
    const now = Math.floor(Date.now() / 1000);
    const first = Math.floor((now - windowSeconds) / BUCKET_S) * BUCKET_S;
    const xs = [];
    const ys = [];
    for (let x = first; x <= now; x += BUCKET_S) { xs.push(x); ys.push(0); }
    for (const r of restarts) {
      const i = Math.floor((r.t - first) / BUCKET_S);
      if (i >= 0 && i < ys.length) ys[i]++;
    }
    return [xs, ys];
  }

  function describe(el, s) {
    const mem = s.memory_mb.filter((v) => v != null);
    const lat = s.probe_latency_ms.filter((v) => v != null);
    $('.memory-chart', el).setAttribute('aria-label', mem.length
      ? 'Memory over the last hours, latest ' + mem[mem.length - 1] + ' MB, highest ' + Math.max(...mem) + ' MB'
      : 'No memory samples yet');
    $('.latency-chart', el).setAttribute('aria-label', lat.length
      ? 'Probe latency, latest ' + lat[lat.length - 1] + ' ms, highest ' + Math.max(...lat) + ' ms'
      : 'No probe samples yet');
    $('.restart-chart', el).setAttribute('aria-label', s.restarts.length + ' restarts in the window');
  }

  function makeCharts(el) {
    const size = (div) => ({ width: Math.max(260, div.clientWidth || 300), height: 170 });
    const chart = (sel, series, extra = {}) => {
      const div = $(sel, el);
      return new uPlot({
        ...size(div),
        series: [{}, ...series],
        axes: [{}, { size: 50 }],
        legend: { live: false },
        ...extra,
      }, [[], ...series.map(() => [])], div);
    };
    const charts = {
      memory: chart('.memory-chart', [
        { label: 'memory MB', stroke: '#1a56b8', width: 2, spanGaps: false },
        { label: 'limit MB', stroke: '#b3261e', dash: [6, 4], width: 1.5 },
      ], { scales: { y: { range: (u, min, max) => [0, Math.max(10, (max || 0) * 1.1)] } } }),
      latency: chart('.latency-chart', [{ label: 'latency ms', stroke: '#137333', width: 2 }],
        { scales: { y: { range: (u, min, max) => [0, Math.max(5, (max || 0) * 1.1)] } } }),
      restarts: chart('.restart-chart', [{
        label: 'restarts', stroke: '#9a5b00', fill: 'rgba(154,91,0,.35)',
        paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false },
      }], {
        scales: {
          x: { time: true, range: (u, min, max) => [min - BUCKET_S / 2, max + BUCKET_S / 2] },
          y: { range: (u, min, max) => [0, Math.max(3, max || 0)] },
        },
      }),
    };
    window.addEventListener('resize', () => {
      for (const [key, u] of Object.entries(charts)) {
        u.setSize(size($('.' + (key === 'restarts' ? 'restart' : key) + '-chart', el)));
      }
    });
    return charts;
  }

  // ---- emergency restart ----

  const dialog = $('#confirm');
  let dialogBot = null;

  function confirmRestart(name) {
    const bot = lastStatus && lastStatus.bots.find((b) => b.name === name);
    dialogBot = name;
    $('#confirm-title').textContent = 'Restart ' + name + '?';
    $('#confirm-text').textContent = 'This stops ' + name
      + (bot && bot.pid ? ' (pid ' + bot.pid + ')' : '') + ' and its child processes, then starts a fresh'
      + ' process. Use it when the bot is stuck. At most 3 restarts a minute.';
    const result = $('#confirm-result');
    result.textContent = '';
    result.className = '';
    $('#confirm-ok').hidden = false;
    $('#confirm-ok').disabled = false;
    $('#confirm-cancel').textContent = 'Cancel';
    dialog.showModal();
    $('#confirm-cancel').focus();
  }

  $('#confirm-cancel').addEventListener('click', () => dialog.close());

  $('#confirm-ok').addEventListener('click', async () => {
    const name = dialogBot;
    const result = $('#confirm-result');
    const bot = lastStatus && lastStatus.bots.find((b) => b.name === name);
    $('#confirm-ok').disabled = true;
    result.className = '';
    result.textContent = 'Sending…';
    try {
      const r = await api('/api/bots/' + encodeURIComponent(name) + '/restart', { method: 'POST' });
      if (r.ok) {
        result.className = 'ok';
        result.textContent = r.body.message + '. Waiting for the new process…';
        pending = { bot: name, oldPid: bot ? bot.pid : null };
        lastHistory = 0;
        refreshNow();
      } else {
        result.className = 'fail';
        result.textContent = 'Refused: ' + r.body.error;
      }
    } catch (e) {
      result.className = 'fail';
      result.textContent = e instanceof AuthError ? 'The token was rejected: enter it again.'
        : 'Could not reach the watchdog: ' + e.message;
    }
    $('#confirm-ok').hidden = true;
    $('#confirm-cancel').textContent = 'Close';
  });

  function watchPendingRestart(doc) {
    if (!pending) return;
    const bot = doc.bots.find((b) => b.name === pending.bot);
    if (bot && bot.state === 'RUNNING' && bot.pid !== pending.oldPid) {
      if (dialog.open && dialogBot === pending.bot) {
        const result = $('#confirm-result');
        result.className = 'ok';
        result.textContent = pending.bot + ' is running again as pid ' + bot.pid + '.';
      }
      pending = null;
    }
  }

  // ---- formatting ----

  function duration(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
  }

  function ago(iso) {
    const s = (Date.now() - Date.parse(iso)) / 1000;
    return s >= 0 ? duration(s) + ' ago' : 'in ' + duration(-s);
  }

  refresh();
})();

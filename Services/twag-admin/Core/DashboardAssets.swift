/// The dashboard's stylesheet and script, served by twag-admin itself (no asset from the internet).
enum DashboardAssets {
    static let css = """
        :root { --bg:#f6f7f9; --fg:#1d2330; --muted:#667085; --ok:#137333; --bad:#b3261e; --warn:#a15c00; --line:#d0d5dd; }
        * { box-sizing: border-box; }
        body { margin:0; font:14px/1.4 system-ui, sans-serif; background:var(--bg); color:var(--fg); }
        header { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:center; padding:.6rem 1rem; background:#1d2330; color:#fff; }
        header nav { display:flex; flex-wrap:wrap; gap:.25rem; flex:1; }
        header nav a { color:#cfd6e4; text-decoration:none; padding:.25rem .5rem; border-radius:4px; }
        header nav a.active { background:#3a4560; color:#fff; }
        header .logout { display:flex; gap:.5rem; align-items:center; margin:0; }
        main { padding:1rem; }
        .view { display:none; } .view.active { display:block; }
        .scroll { overflow-x:auto; background:#fff; border:1px solid var(--line); border-radius:6px; }
        table { border-collapse:collapse; width:100%; min-width:640px; }
        th, td { text-align:left; padding:.35rem .6rem; border-bottom:1px solid var(--line); white-space:nowrap; }
        th { background:#eef0f4; font-weight:600; }
        /* NAIs are long: they wrap so the usage and the actions stay on screen. */
        #view-clients td:first-child, #view-usage td:nth-child(2) { white-space:normal; word-break:break-all; min-width:12rem; max-width:16rem; }
        .state-accepted, .state-open, .state-active, .state-up, .state-ack { color:var(--ok); font-weight:600; }
        .state-rejected, .state-closed, .state-down, .state-nak, .state-error, .state-timeout { color:var(--bad); font-weight:600; }
        .state-authenticating, .state-suspect, .state-connecting, .state-wait-cea { color:var(--warn); font-weight:600; }
        .summary { color:var(--muted); }
        .filter { display:flex; flex-wrap:wrap; gap:.5rem; margin:.5rem 0; }
        input, select, button { font:inherit; padding:.3rem .5rem; }
        button { cursor:pointer; }
        pre { background:#fff; border:1px solid var(--line); padding:.75rem; overflow-x:auto; }
        #action-result:empty { display:none; }
        #action-result { background:#fff; border:1px solid var(--line); padding:.5rem; border-radius:6px; }
        body.login main { max-width:22rem; margin:10vh auto; background:#fff; padding:1.5rem; border-radius:8px; border:1px solid var(--line); }
        body.login form { display:flex; flex-direction:column; gap:.4rem; }
        .error { color:var(--bad); }
        .note { color:var(--muted); font-size:12px; }
        @media (max-width: 640px) {
          header nav { order:3; flex:1 1 100%; }
          header nav a { white-space:nowrap; }
          main { padding:.5rem; }
        }
        """

    static let script = #"""
        'use strict';
        const csrf = document.querySelector('meta[name="csrf-token"]').content;
        const views = ['clients', 'aps', 'usage', 'peers', 'test', 'config', 'resources'];
        let current = null, timer = null;

        function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
        function bytes(n) { const u = ['B','KiB','MiB','GiB','TiB']; let i = 0; n = Number(n) || 0; while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; } return n.toFixed(i ? 1 : 0) + ' ' + u[i]; }
        function time(t) { return t ? new Date(t).toLocaleString() : '-'; }
        function duration(s) { s = Number(s) || 0; const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60); return (h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's'; }
        function row(tbody, cells) { const tr = document.createElement('tr'); for (const c of cells) { const td = document.createElement('td'); if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '-' : String(c); tr.appendChild(td); } tbody.appendChild(tr); return tr; }
        function fill(view, rows) { const tbody = document.querySelector('#view-' + view + ' tbody'); tbody.replaceChildren(); for (const cells of rows) row(tbody, cells); }
        function charging(s) {
          const c = s.charging; if (!c) return '-';
          let text = c.mode + ': ' + c.phase;
          if (c.quota_limit_octets !== undefined) text += ' · ' + bytes(s.download_octets + s.upload_octets) + ' of ' + bytes(c.quota_limit_octets) + (c.final_units ? ' (final)' : '');
          if (c.requests !== undefined) text += ' · ' + c.requests + ' CCR';
          return text;
        }
        function state(text) { return el('span', text, 'state-' + text); }

        async function api(path, options) {
          const init = Object.assign({ headers: {}, credentials: 'same-origin' }, options || {});
          if (init.method && init.method !== 'GET') init.headers['X-CSRF-Token'] = csrf;
          if (init.poll) init.headers['X-TWAG-Poll'] = '1';
          const response = await fetch('/ui/api/v1/' + path, init);
          if (response.status === 401) { location.href = '/login?expired=1'; throw new Error('login required'); }
          const body = await response.json();
          if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
          return body;
        }

        function disconnectButton(sessionClass) {
          const b = el('button', 'Disconnect', 'disconnect');
          b.dataset.session = sessionClass;
          b.addEventListener('click', async () => {
            if (!confirm('Disconnect session ' + sessionClass + '?')) return;
            const out = document.getElementById('action-result');
            out.textContent = 'Disconnecting ' + sessionClass + '…';
            try {
              const report = await api('sessions/' + encodeURIComponent(sessionClass) + '/disconnect', { method: 'POST' });
              out.textContent = report.entries.map(e => 'Disconnect ' + e.session_class + ' at AP ' + e.access_point + ': ' + e.outcome + (e.detail ? ' (' + e.detail + ')' : '')).join('; ');
              out.dataset.outcome = report.entries.map(e => e.outcome).join(',');
            } catch (e) { out.textContent = 'Disconnect failed: ' + e.message; out.dataset.outcome = 'error'; }
            refresh(false);
          });
          return b;
        }

        const loaders = {
          async clients(poll) {
            const data = await api('clients', { poll });
            document.getElementById('clients-summary').textContent = data.accepted + ' Accepted · ' + data.authenticating + ' Authenticating · ' + data.rejected + ' Rejected' + (data.live ? '' : ' (aaa-core unreachable: live sessions from the store)');
            fill('clients', data.clients.map(c => [c.identity, c.imsi, state(c.state), time(c.at), c.access_point, c.calling_station_id,
              c.session ? c.session.session_class + (c.reason ? '' : '') : (c.reason || '-'),
              c.session ? bytes(c.session.download_octets) + ' / ' + bytes(c.session.upload_octets) : '-',
              c.session && c.session.status !== 'ended' ? disconnectButton(c.session.session_class) : '']));
          },
          async aps(poll) {
            const data = await api('access-points', { poll });
            fill('aps', data.map(a => [a.nas_ip, a.ap_mac || '-', a.ssid, a.clients, a.live_sessions, time(a.first_seen), time(a.last_seen), a.framed_mtu, a.nas_port_type]));
          },
          async usage(poll) {
            const form = new FormData(document.getElementById('usage-filter'));
            const q = new URLSearchParams(); for (const [k, v] of form) if (v) q.set(k, v);
            q.set('limit', '200');
            const data = await api('sessions?' + q.toString(), { poll });
            const t = data.totals;
            document.getElementById('totals').textContent = t.sessions + ' Sessions · ' + t.active + ' Active · ↓ ' + bytes(t.download_octets) + ' / ↑ ' + bytes(t.upload_octets);
            fill('usage', data.sessions.map(s => [s.session_class, s.node || '-', s.user_name, s.calling_station_id, s.access_point + (s.ssid ? ' / ' + s.ssid : ''), state(s.status),
              duration(s.duration_seconds), bytes(s.download_octets), bytes(s.upload_octets), charging(s),
              s.status !== 'ended' ? disconnectButton(s.session_class) : '']));
          },
          async peers(poll) {
            const data = await api('diameter/peers', { poll });
            const down = Object.entries(data.unavailable).map(([k, v]) => k + ': ' + v);
            document.getElementById('peers-summary').textContent = data.peers.filter(p => p.peer.state === 'open').length + ' of ' + data.peers.length + ' open' + (down.length ? ' · ' + down.join('; ') : '');
            fill('peers', data.peers.map(p => [p.service, p.peer.host, p.peer.realm, p.peer.address, p.peer.transport, state(p.peer.state),
              p.peer.product_name, p.peer.applications.join(', '), time(p.peer.last_watchdog)]));
          },
          async test() {},
          async config() {
            const data = await api('configuration');
            const list = document.getElementById('config-list'); list.replaceChildren();
            for (const c of data.configurations) { list.appendChild(el('h3', c.service + ' (' + c.instance + ')')); list.appendChild(el('pre', c.configuration)); }
          },
          async resources(poll) {
            const data = await api('status', { poll });
            document.getElementById('resources-summary').textContent = (data.live_sessions ?? '?') + ' live sessions · ' + (data.access_points ?? '?') + ' access points' + (data.conversations !== undefined && data.conversations !== null ? ' · ' + data.conversations + ' EAP conversations' : '');
            fill('resources', data.services.map(s => [s.service, s.instance, state(s.state), time(s.started_at),
              s.resources ? bytes(s.resources.resident_bytes) : '-', s.resources ? s.resources.cpu_seconds.toFixed(2) : '-',
              s.resources ? s.resources.threads : '-', s.resources ? s.resources.open_file_descriptors : (s.error || (s.details && s.details.location) || '-')]));
          },
        };

        async function refresh(poll) {
          if (!current) return;
          try { await loaders[current](poll); document.body.dataset.loaded = current; }
          catch (e) { document.getElementById('action-result').textContent = current + ': ' + e.message; }
        }

        function show(view) {
          if (!views.includes(view)) view = 'clients';
          current = view;
          for (const v of views) document.getElementById('view-' + v).classList.toggle('active', v === view);
          for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.view === view);
          delete document.body.dataset.loaded;
          refresh(false);
          clearInterval(timer);
          if (view !== 'test' && view !== 'config') timer = setInterval(() => refresh(true), 2000);
        }

        document.getElementById('usage-filter').addEventListener('submit', e => { e.preventDefault(); refresh(false); });
        document.getElementById('test-form').addEventListener('submit', async e => {
          e.preventDefault();
          const out = document.getElementById('test-result');
          out.textContent = 'Sending MAR…';
          try {
            const r = await api('diameter/test', { method: 'POST', headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ imsi: document.getElementById('test-imsi').value, scheme: document.getElementById('test-scheme').value }) });
            out.textContent = 'IMSI ' + r.imsi + ' (' + r.scheme + '): ' + r.outcome + '\nResult-Code: ' + (r.result_code === undefined || r.result_code === null ? '-' : r.result_code) + '\nVectors: ' + r.vector_count + '\nLatency: ' + r.latency_milliseconds.toFixed(1) + ' ms' + (r.detail ? '\nDetail: ' + r.detail : '');
            out.dataset.outcome = r.outcome;
          } catch (err) { out.textContent = 'Diameter test failed: ' + err.message; out.dataset.outcome = 'error'; }
        });
        window.addEventListener('hashchange', () => show(location.hash.slice(1)));
        show(location.hash.slice(1));
        """#
}

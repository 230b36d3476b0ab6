/// The dashboard's HTML shell and login page. Data never goes into HTML: the script fetches JSON and
/// writes it with `textContent`, so a hostile identity or SSID cannot inject markup.
enum DashboardPages {
    static func login(csrf: String, message: String?) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
        <title>OpenTWAG — log in</title><link rel="stylesheet" href="/assets/app.css"></head>
        <body class="login"><main>
        <h1>OpenTWAG</h1>
        <form method="post" action="/login" id="login-form">
        \(message.map { "<p class=\"error\" id=\"login-error\">\(escape($0))</p>" } ?? "")
        <label for="user">User</label><input id="user" name="user" autocomplete="username" required maxlength="64">
        <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="72">
        <input type="hidden" name="csrf" value="\(escape(csrf))">
        <button id="login" type="submit">Log in</button>
        </form></main></body></html>
        """
    }

    static func app(user: String, csrf: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="\(escape(csrf))"><link rel="icon" href="data:,">
        <title>OpenTWAG dashboard</title><link rel="stylesheet" href="/assets/app.css"></head>
        <body>
        <header><strong>OpenTWAG</strong>
        <nav>
        <a href="#clients" data-view="clients">RADIUS clients</a>
        <a href="#aps" data-view="aps">Access points</a>
        <a href="#usage" data-view="usage">Usage &amp; accounting</a>
        <a href="#peers" data-view="peers">Diameter peers</a>
        <a href="#test" data-view="test">Diameter test</a>
        <a href="#config" data-view="config">Configuration</a>
        <a href="#resources" data-view="resources">Resources</a>
        </nav>
        <form method="post" action="/logout" class="logout"><span id="who">\(escape(user))</span>
        <input type="hidden" name="csrf" value="\(escape(csrf))"><button id="logout" type="submit">Log out</button></form>
        </header>
        <main>
        <p id="action-result" role="status"></p>
        <section id="view-clients" class="view"><h2>RADIUS clients</h2><p class="summary" id="clients-summary"></p>
        <div class="scroll"><table><thead><tr><th>Identity</th><th>IMSI</th><th>State</th><th>Time</th><th>AP</th><th>Client MAC</th><th>Session</th><th>↓ / ↑</th><th></th></tr></thead><tbody></tbody></table></div></section>
        <section id="view-aps" class="view"><h2>Access points</h2>
        <div class="scroll"><table><thead><tr><th>NAS IP</th><th>AP MAC</th><th>SSID</th><th>Clients</th><th>Live</th><th>First seen</th><th>Last seen</th><th>Framed-MTU</th><th>NAS-Port-Type</th></tr></thead><tbody></tbody></table></div></section>
        <section id="view-usage" class="view"><h2>Client usage &amp; accounting</h2>
        <form id="usage-filter" class="filter"><input name="imsi" placeholder="IMSI" maxlength="15"><input name="ap" placeholder="AP (IP or MAC)" maxlength="64">
        <select name="state"><option value="">all</option><option value="live">live</option><option value="ended">ended</option></select><button type="submit">Filter</button></form>
        <p class="summary" id="totals"></p>
        <div class="scroll"><table><thead><tr><th>Session</th><th>Node</th><th>User</th><th>Client MAC</th><th>AP / SSID</th><th>Status</th><th>Duration</th><th>↓ Down</th><th>↑ Up</th><th>Charging</th><th></th></tr></thead><tbody></tbody></table></div></section>
        <section id="view-peers" class="view"><h2>Diameter peers</h2><p class="summary" id="peers-summary"></p>
        <div class="scroll"><table><thead><tr><th>Service</th><th>Peer</th><th>Realm</th><th>Address</th><th>Transport</th><th>State</th><th>Product</th><th>Applications</th><th>Last watchdog</th></tr></thead><tbody></tbody></table></div></section>
        <section id="view-test" class="view"><h2>Diameter test</h2>
        <form id="test-form" class="filter"><input id="test-imsi" name="imsi" placeholder="IMSI" maxlength="15" required>
        <select id="test-scheme" name="scheme"><option value="aka_prime">EAP-AKA'</option><option value="aka">EAP-AKA</option></select>
        <button id="test-run" type="submit">Send MAR</button></form>
        <p class="note">Sends a real Multimedia-Auth-Request through the configured peers (the HSS advances the subscriber's SQN).</p>
        <pre id="test-result"></pre></section>
        <section id="view-config" class="view"><h2>Configuration in effect</h2><div id="config-list"></div></section>
        <section id="view-resources" class="view"><h2>Resources</h2><p class="summary" id="resources-summary"></p>
        <div class="scroll"><table><thead><tr><th>Service</th><th>Instance</th><th>State</th><th>Up since</th><th>RSS</th><th>CPU s</th><th>Threads</th><th>Open files</th></tr></thead><tbody></tbody></table></div></section>
        </main>
        <script src="/assets/app.js"></script>
        </body></html>
        """
    }

    /// HTML-escapes text placed in markup (only the login message, the user name and tokens).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

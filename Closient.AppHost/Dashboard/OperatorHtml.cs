namespace Closient.AppHost.Dashboard;

/// <summary>The operator page: one self-contained document (no external assets) that polls /api/resources.</summary>
static class OperatorHtml
{
    public const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Closient · operator</title>
        <style>
          body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; background: #fafafa; }
          h1 { font-size: 1.2rem; margin: 0 0 .5rem; }
          table { border-collapse: collapse; width: 100%; background: #fff; }
          th, td { padding: .35rem .6rem; border-bottom: 1px solid #e3e3e3; text-align: left; vertical-align: top; }
          th { font-weight: 600; color: #555; }
          .state { font-weight: 600; border-radius: 3px; padding: 1px 6px; }
          .healthy { background: #d8f5dd; color: #11612a; }
          .starting, .running { background: #fff4cc; color: #7a5a00; }
          .unhealthy, .failed { background: #fde0e0; color: #9b1c1c; }
          .stopped { background: #eee; color: #555; }
          tr.logs td { border-bottom: 2px solid #ccc; }
          pre { background: #111; color: #ddd; padding: .6rem; max-height: 24rem; overflow: auto; font-size: 12px; margin: .3rem 0; white-space: pre-wrap; }
          button { margin-right: .3rem; }
          #error { color: #9b1c1c; min-height: 1em; }
        </style>
        </head>
        <body>
        <h1>Closient operator page</h1>
        <p id="summary">loading…</p>
        <p id="error"></p>
        <noscript>This page needs JavaScript; the same data is at <a href="/api/resources">/api/resources</a>.</noscript>
        <table>
          <thead><tr><th>name</th><th>type</th><th>state</th><th>health</th><th>pid</th><th>endpoint</th><th>restarts</th><th>started</th><th></th></tr></thead>
          <tbody id="rows"></tbody>
        </table>
        <script>
        const expanded = new Set();

        function cell(row, text, badge) {
          const td = document.createElement('td');
          if (badge) {
            const span = document.createElement('span');
            span.className = 'state ' + badge;
            span.textContent = text;
            td.append(span);
          } else {
            td.textContent = text ?? '';
          }
          row.append(td);
          return td;
        }

        async function act(name, action) {
          const response = await fetch(`/api/resources/${encodeURIComponent(name)}/${action}`, { method: 'POST' });
          const error = document.getElementById('error');
          error.textContent = '';
          if (!response.ok) {
            const problem = await response.json().catch(() => ({}));
            error.textContent = `${action} ${name}: ${response.status} ${problem.detail ?? ''}`;
          }
          refresh();
        }

        function render(resources) {
          const rows = document.getElementById('rows');
          rows.replaceChildren();
          for (const r of resources) {
            const row = document.createElement('tr');
            cell(row, r.name);
            cell(row, r.type);
            cell(row, r.state, r.state);
            cell(row, r.health);
            cell(row, r.pid ?? '');
            const endpoint = cell(row, '');
            if (r.endpoint && r.endpoint.startsWith('http')) {
              const link = document.createElement('a');
              link.href = r.endpoint;
              link.textContent = r.endpoint;
              endpoint.append(link);
            } else {
              endpoint.textContent = r.endpoint ?? '';
            }
            cell(row, r.restarts);
            cell(row, r.started_at ? new Date(r.started_at).toLocaleTimeString() : '');
            const actions = cell(row, '');
            for (const action of ['restart', 'stop', 'start']) {
              const button = document.createElement('button');
              button.textContent = action;
              button.onclick = () => act(r.name, action);
              actions.append(button);
            }
            rows.append(row);

            const logRow = document.createElement('tr');
            logRow.className = 'logs';
            const td = document.createElement('td');
            td.colSpan = 9;
            const details = document.createElement('details');
            details.open = expanded.has(r.name);
            details.ontoggle = () => details.open ? expanded.add(r.name) : expanded.delete(r.name);
            const summary = document.createElement('summary');
            summary.textContent = `recent log (${r.logs.length} lines)`;
            const pre = document.createElement('pre');
            pre.textContent = r.logs.join('\n');
            details.append(summary, pre);
            td.append(details);
            logRow.append(td);
            rows.append(logRow);
            if (details.open) pre.scrollTop = pre.scrollHeight;
          }
        }

        async function refresh() {
          try {
            const response = await fetch('/api/resources');
            const resources = await response.json();
            render(resources);
            const healthy = resources.filter(r => r.state === 'healthy').length;
            document.getElementById('summary').textContent =
              `${healthy} of ${resources.length} healthy · updated ${new Date().toLocaleTimeString()}`;
          } catch {
            document.getElementById('summary').textContent = 'The AppHost is not answering (stopped?).';
          }
        }

        refresh();
        setInterval(refresh, 2000);
        </script>
        </body>
        </html>
        """;
}

/// The page's style sheet and its one small script, served from `/static/`.
enum Assets {
    /// Two columns on a wide screen (facets, hits); one on a phone, the hits first and a link down to the facets.
    static let css = """
        :root { --ink: #1d2330; --muted: #5d6677; --line: #dfe3ea; --accent: #1f5fbf; --mark: #fff1a8; --bg: #fbfbfd; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
        a { color: var(--accent); text-decoration: none; }
        a:hover { text-decoration: underline; }
        header { display: flex; gap: .5rem; align-items: center; padding: .75rem 1rem; background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
        .brand { font-weight: 700; font-size: 1.2rem; color: var(--ink); margin-right: .5rem; }
        header input[type=search] { flex: 1; min-width: 0; font: inherit; padding: .45rem .6rem; border: 1px solid #b9c0cc; border-radius: 6px; }
        button { font: inherit; padding: .45rem .9rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; border-radius: 6px; cursor: pointer; }
        #search { display: contents; }
        body { display: grid; grid-template-columns: 17rem 1fr; grid-template-rows: auto 1fr; }
        header { grid-column: 1 / -1; }
        .facets { grid-column: 1; padding: 1rem; border-right: 1px solid var(--line); background: #fff; }
        main { grid-column: 2; padding: 1rem 1.5rem; max-width: 60rem; }
        main.page { grid-column: 1 / -1; margin: 0 auto; width: 100%; }
        fieldset { border: 0; padding: 0; margin: 0 0 1rem; }
        legend { font-weight: 600; margin-bottom: .25rem; }
        .facet ul { list-style: none; margin: 0; padding: 0; }
        .facet li label { display: flex; gap: .35rem; align-items: baseline; padding: .1rem 0; }
        .facet li a { color: var(--ink); flex: 1; overflow-wrap: anywhere; }
        .count { color: var(--muted); font-size: .85em; font-variant-numeric: tabular-nums; }
        .more { font-size: .9em; }
        .years input { width: 5.5rem; font: inherit; padding: .2rem .3rem; }
        .sort select { font: inherit; }
        .apply { display: block; margin-top: 1rem; }
        .summary { margin: 0 0 .5rem; color: var(--muted); }
        .summary .total { color: var(--ink); }
        .note { color: var(--muted); }
        .error { color: #9b1c1c; background: #fde8e8; padding: .5rem .75rem; border-radius: 6px; white-space: pre-wrap; }
        .chip { display: inline-block; margin: 0 .35rem .35rem 0; padding: .1rem .55rem; border: 1px solid var(--line); border-radius: 999px; background: #fff; font-size: .9em; }
        .hits { list-style: none; padding: 0; margin: 0; }
        .hit { padding: .75rem 0; border-bottom: 1px solid var(--line); }
        .hit h2 { font-size: 1.08rem; margin: 0 0 .2rem; }
        .meta, .sources { margin: .1rem 0; color: var(--muted); font-size: .92em; }
        .kind { text-transform: uppercase; font-size: .78em; letter-spacing: .04em; }
        .snippet { margin: .3rem 0; }
        mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: 2px; }
        .source { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em; overflow-wrap: anywhere; margin-right: .6rem; }
        .compact .hit { padding: .5rem 0; }
        .pager { display: flex; justify-content: space-between; padding: 1rem 0; color: var(--muted); }
        .item dl { display: grid; grid-template-columns: 7rem 1fr; gap: .25rem 1rem; }
        .item dt { color: var(--muted); }
        .item dd { margin: 0; overflow-wrap: anywhere; }
        .item h1, .person h1 { font-size: 1.5rem; margin: .25rem 0 1rem; }
        .columns { columns: 14rem; padding-left: 1.2rem; }
        .jump { display: none; }
        @media (max-width: 720px) {
          body { display: flex; flex-direction: column; }
          main { order: 1; }
          .facets { order: 2; }
          .jump { display: inline; margin-left: .5rem; }
          header { flex-wrap: wrap; }
          .brand { width: 100%; }
          .facets { border-right: 0; border-bottom: 1px solid var(--line); }
          main { padding: 1rem; }
          .item dl { grid-template-columns: 1fr; }
          .item dt { font-weight: 600; }
        }

        """

    /// Submits the form as soon as a facet box, the sort or a year changes (the Apply button does it without script).
    static let javascript = """
        document.addEventListener('change', function (event) {
          var target = event.target;
          if (target.closest && target.closest('.facets') && target.form) { target.form.submit(); }
        });

        """
}

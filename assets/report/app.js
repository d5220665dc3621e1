/* Hielements architecture report: the interactive page. Plain browser JavaScript, no network.
 * Reads the report data from <script id="hie-data">, lays the visible elements out with ELK
 * (bundled into the page) and draws them as SVG. Click an element to expand or collapse it, click a
 * dependency to list the imports behind it; "Violations only" keeps the dependencies that break a rule. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('hie-data').textContent);
  var byPath = new Map(data.elements.map(function (e) { return [e.path, e]; }));
  var children = new Map();
  data.elements.forEach(function (e) {
    var list = children.get(e.parent) || [];
    list.push(e);
    children.set(e.parent, list);
  });
  var expanded = new Set();
  // Start with the top-level elements open, so the first view shows their parts.
  (children.get(null) || []).forEach(function (e) { if ((children.get(e.path) || []).length) expanded.add(e.path); });
  var onlyViolations = false;
  var selected = null;
  var elk = new ELK();
  var NS = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, text) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }
  function h(tag, attrs, content) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    (Array.isArray(content) ? content : content === undefined ? [] : [content]).forEach(function (c) {
      n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return n;
  }
  /** The element a path is drawn as: itself, or its nearest collapsed ancestor. */
  function shown(path) {
    var chain = [];
    for (var p = path; p !== null; p = byPath.get(p).parent) chain.unshift(p);
    for (var i = 0; i < chain.length - 1; i++) if (!expanded.has(chain[i])) return chain[i];
    return path;
  }
  function hasKids(path) { return (children.get(path) || []).length > 0; }
  function failing(e) { return e.checks.failed + e.checks.errors > 0; }
  function subtreeFailing(path) {
    if (failing(byPath.get(path))) return true;
    return (children.get(path) || []).some(function (c) { return subtreeFailing(c.path); });
  }

  /** Visible edges: the dependencies between the drawn elements, merged. */
  function visibleEdges() {
    var merged = new Map();
    data.dependencies.forEach(function (d) {
      var a = shown(d.from), b = shown(d.to);
      if (a === b) return;
      var key = a + '\u0000' + b;
      var m = merged.get(key);
      if (!m) { m = { id: 'd' + merged.size, from: a, to: b, count: 0, violations: 0, known: 0, declared: true, parts: [] }; merged.set(key, m); }
      m.count += d.count;
      m.violations += d.violations;
      m.known += d.imports.filter(function (i) { return i.known; }).length;
      m.declared = m.declared && d.declared;
      m.parts.push(d);
    });
    var list = Array.from(merged.values());
    return onlyViolations ? list.filter(function (m) { return m.violations > 0; }) : list;
  }

  function labelWidth(text, size) { return Math.ceil(text.length * size * 0.62) + 24; }

  function buildGraph(edges) {
    function node(e) {
      var kids = expanded.has(e.path) ? (children.get(e.path) || []) : [];
      var title = e.name + (hasKids(e.path) ? (expanded.has(e.path) ? ' ▾' : ' ▸') : '');
      var n = { id: e.path, labels: [{ text: title, width: labelWidth(title, 13), height: 18 }] };
      if (kids.length) {
        n.children = kids.map(node);
        n.layoutOptions = { 'elk.padding': '[top=34,left=14,bottom=14,right=14]', 'elk.nodeLabels.placement': 'INSIDE V_TOP H_LEFT' };
      } else {
        n.width = Math.max(110, labelWidth(title, 13));
        n.height = 44;
      }
      return n;
    }
    return {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
        'elk.layered.spacing.nodeNodeBetweenLayers': '70',
        'elk.spacing.nodeNode': '30',
        'elk.spacing.edgeLabel': '4',
        'elk.edgeLabels.inline': 'false',
        'elk.json.shapeCoords': 'ROOT',
        'elk.json.edgeCoords': 'ROOT',
      },
      children: (children.get(null) || []).map(node),
      edges: edges.map(function (m) {
        var text = m.count + (m.violations ? ' ⚠' + m.violations : '');
        return { id: m.id, sources: [m.from], targets: [m.to], labels: [{ text: text, width: labelWidth(text, 11), height: 16 }] };
      }),
    };
  }

  var svg = document.getElementById('graph');
  var renderToken = 0;

  function render() {
    var token = ++renderToken;
    var edges = visibleEdges();
    return elk.layout(buildGraph(edges)).then(function (layout) {
      if (token !== renderToken) return;
      draw(layout, edges);
    }).catch(function (err) {
      document.getElementById('status').textContent = 'layout failed: ' + (err && err.message ? err.message : String(err));
    });
  }

  function draw(layout, edges) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var defs = el('defs');
    ['normal', 'violation', 'selected'].forEach(function (kind) {
      var m = el('marker', { id: 'arrow-' + kind, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '9', markerHeight: '9', markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
      m.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow ' + kind }));
      defs.appendChild(m);
    });
    svg.appendChild(defs);
    var involved = new Set();
    edges.forEach(function (m) { if (m.violations) { involved.add(m.from); involved.add(m.to); } });
    var nodesLayer = el('g', { class: 'nodes' });
    var edgesLayer = el('g', { class: 'edges' });
    svg.appendChild(nodesLayer);
    svg.appendChild(edgesLayer);
    function drawNode(n, depth) {
      var e = byPath.get(n.id);
      var compound = !!(n.children && n.children.length);
      var cls = 'element' + (compound ? ' compound' : '') + (failing(e) ? ' failing' : '') + (onlyViolations && !involved.has(n.id) ? ' dim' : '') + (selected === 'element:' + n.id ? ' selected' : '');
      var g = el('g', { class: cls, 'data-element': n.id, 'data-testid': 'element', tabindex: '0' });
      g.appendChild(el('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: 6, ry: 6, class: 'box depth' + Math.min(depth, 3) }));
      var label = n.labels && n.labels[0];
      var tx = compound ? n.x + 10 : n.x + n.width / 2;
      var ty = compound ? n.y + 20 : n.y + n.height / 2 + 5;
      g.appendChild(el('text', { x: tx, y: ty, 'text-anchor': compound ? 'start' : 'middle', class: 'label' }, label ? label.text : e.name));
      if (!hasKids(n.id) || !expanded.has(n.id)) {
        if (subtreeFailing(n.id)) g.appendChild(el('circle', { cx: n.x + n.width - 8, cy: n.y + 8, r: 5, class: 'badge' }));
      }
      g.addEventListener('click', function (ev) {
        ev.stopPropagation();
        if (hasKids(n.id)) { if (expanded.has(n.id)) expanded.delete(n.id); else expanded.add(n.id); }
        selected = 'element:' + n.id;
        showElement(e);
        tree();
        render();
      });
      nodesLayer.appendChild(g);
      (n.children || []).forEach(function (c) { drawNode(c, depth + 1); });
    }
    (layout.children || []).forEach(function (n) { drawNode(n, 0); });
    var byId = new Map(edges.map(function (m) { return [m.id, m]; }));
    (layout.edges || []).forEach(function (le) {
      var m = byId.get(le.id);
      var kind = selected === 'edge:' + m.from + '>' + m.to ? 'selected' : m.violations ? 'violation' : 'normal';
      var g = el('g', { class: 'dependency ' + kind + (m.declared ? '' : ' undeclared'), 'data-from': m.from, 'data-to': m.to, 'data-violations': String(m.violations), 'data-testid': 'dependency', tabindex: '0' });
      (le.sections || []).forEach(function (s) {
        var pts = [s.startPoint].concat(s.bendPoints || [], [s.endPoint]);
        var d = pts.map(function (p, i) { return (i ? 'L' : 'M') + p.x + ',' + p.y; }).join(' ');
        g.appendChild(el('path', { d: d, class: 'hit' }));
        g.appendChild(el('path', { d: d, class: 'line', 'marker-end': 'url(#arrow-' + kind + ')' }));
      });
      (le.labels || []).forEach(function (l) {
        g.appendChild(el('rect', { x: l.x, y: l.y, width: l.width, height: l.height, rx: 3, class: 'edge-label-bg' }));
        g.appendChild(el('text', { x: l.x + l.width / 2, y: l.y + l.height - 4, 'text-anchor': 'middle', class: 'edge-label' }, l.text));
      });
      g.addEventListener('click', function (ev) {
        ev.stopPropagation();
        selected = 'edge:' + m.from + '>' + m.to;
        showDependency(m);
        render();
      });
      edgesLayer.appendChild(g);
    });
    svg.setAttribute('width', String(Math.ceil(layout.width || 0) + 2));
    svg.setAttribute('height', String(Math.ceil(layout.height || 0) + 2));
    svg.setAttribute('viewBox', '-1 -1 ' + (Math.ceil(layout.width || 0) + 2) + ' ' + (Math.ceil(layout.height || 0) + 2));
    document.getElementById('status').textContent = edges.length + ' dependencies shown' + (onlyViolations ? ' (violations only)' : '');
    document.body.setAttribute('data-rendered', String(renderToken));
  }

  var panel = document.getElementById('details');
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); }

  function showDependency(m) {
    clear(panel);
    panel.appendChild(h('h2', {}, [m.from, ' → ', m.to]));
    var facts = m.count + ' import' + (m.count === 1 ? '' : 's');
    if (m.violations) facts += ', ' + m.violations + ' violating a rule';
    if (m.known) facts += ', ' + m.known + ' known (baseline)';
    panel.appendChild(h('p', {}, [facts, m.declared ? ' — declared with uses' : ' — not declared with uses']));
    var list = h('ul', { class: 'imports', 'data-testid': 'imports' });
    m.parts.forEach(function (d) {
      d.imports.forEach(function (i) {
        var cls = i.violation ? 'violation' : i.known ? 'known' : '';
        var item = h('li', { class: cls }, [h('code', {}, i.file + ':' + i.line), ' imports ', h('code', {}, i.specifier), ' → ', h('code', {}, i.target)]);
        if (d.from !== m.from || d.to !== m.to) item.appendChild(h('span', { class: 'via' }, ' (' + d.from + ' → ' + d.to + ')'));
        if (i.violation) item.appendChild(h('div', { class: 'rule' }, 'violates: ' + i.violation));
        if (i.known) item.appendChild(h('div', { class: 'rule known' }, 'known violation (baseline)'));
        if (i.excepted) item.appendChild(h('div', { class: 'rule known' }, 'excepted: ' + i.excepted));
        list.appendChild(item);
      });
    });
    panel.appendChild(list);
  }

  function showElement(e) {
    clear(panel);
    panel.appendChild(h('h2', {}, e.path));
    if (e.doc) panel.appendChild(h('p', { class: 'doc' }, e.doc));
    panel.appendChild(h('p', {}, [h('code', {}, e.file + ':' + e.line), ' · ' + e.files + ' file' + (e.files === 1 ? '' : 's') + ' of its own']));
    if (e.implements.length) panel.appendChild(h('p', {}, 'implements ' + e.implements.join(', ')));
    if (e.uses.length) panel.appendChild(h('p', {}, 'uses ' + e.uses.join(', ')));
    var c = e.checks;
    panel.appendChild(h('p', {}, c.passed + ' passed, ' + c.failed + ' failed, ' + c.errors + ' errors' + (c.known ? ', ' + c.known + ' with known violations' : '')));
    if (e.failures.length) {
      var list = h('ul', { class: 'failures' });
      e.failures.forEach(function (f) { list.appendChild(h('li', { class: f.status }, [h('code', {}, f.check), ' — ' + f.message])); });
      panel.appendChild(list);
    }
  }

  function tree() {
    var root = document.getElementById('tree');
    clear(root);
    function item(e) {
      var li = h('li', {}, []);
      var row = h('span', { class: 'tree-row' + (failing(e) ? ' failing' : ''), 'data-tree': e.path }, (hasKids(e.path) ? (expanded.has(e.path) ? '▾ ' : '▸ ') : '· ') + e.name);
      row.addEventListener('click', function () {
        if (hasKids(e.path)) { if (expanded.has(e.path)) expanded.delete(e.path); else expanded.add(e.path); }
        selected = 'element:' + e.path;
        showElement(e);
        tree();
        render();
      });
      li.appendChild(row);
      var kids = children.get(e.path) || [];
      if (kids.length && expanded.has(e.path)) {
        var ul = h('ul', {}, []);
        kids.forEach(function (k) { ul.appendChild(item(k)); });
        li.appendChild(ul);
      }
      return li;
    }
    var ul = h('ul', {}, []);
    (children.get(null) || []).forEach(function (e) { ul.appendChild(item(e)); });
    root.appendChild(ul);
  }

  document.getElementById('only-violations').addEventListener('change', function (ev) {
    onlyViolations = ev.target.checked;
    render();
  });
  document.getElementById('expand-all').addEventListener('click', function () {
    data.elements.forEach(function (e) { if (hasKids(e.path)) expanded.add(e.path); });
    tree();
    render();
  });
  document.getElementById('collapse-all').addEventListener('click', function () {
    expanded.clear();
    tree();
    render();
  });
  var s = data.summary;
  document.getElementById('summary').textContent =
    s.elements + ' elements · ' + s.dependencies + ' dependencies (' + s.imports + ' imports) · ' + s.violations + ' violating imports · ' + s.failedChecks + ' failed checks';
  tree();
  render();
  // For tests and tools: the data and a way to wait for the drawing.
  window.hielementsReport = { data: data, render: render, expand: function (p) { expanded.add(p); tree(); return render(); } };
})();

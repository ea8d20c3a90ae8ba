// Statusmark's status widget: paste
//   <a data-statusmark href="https://status.example.com/">Status</a>
//   <script src="https://status.example.com/widget.js" async></script>
// into any page. A link with `data-statusmark` gets a coloured dot and the overall status; any
// other element gets such a link inside, and with `data-statusmark="components"` also a list
// of the components that are not operational. No dependencies, no iframe, no cookies. It reads
// api/v2/summary.json beside this script, so it works on another origin (the host must allow
// cross-origin reads, as GitHub Pages does) and under a base path. Text is set as text, never as
// HTML.
(function () {
  var script = document.currentScript;
  if (!script || !script.src) return;
  var site = new URL('.', script.src);
  var COLOURS = {
    none: '#1a7f37',
    minor: '#9a6700',
    major: '#bc4c00',
    critical: '#cf222e',
    maintenance: '#0969da',
  };
  var LABELS = {
    degraded_performance: 'Degraded performance',
    partial_outage: 'Partial outage',
    major_outage: 'Major outage',
    under_maintenance: 'Under maintenance',
  };

  function fill(element, summary) {
    var status = (summary && summary.status) || {};
    // A link is filled in place; any other element gets a link inside.
    var inPlace = element.tagName === 'A';
    var link = inPlace ? element : document.createElement('a');
    if (!inPlace) link.href = site.href;
    link.style.cssText = 'display:inline-flex;align-items:center;gap:.4em;color:inherit';
    var dot = document.createElement('span');
    dot.setAttribute('aria-hidden', 'true');
    dot.style.cssText =
      'width:.7em;height:.7em;border-radius:50%;flex:none;background:' +
      (COLOURS[status.indicator] || '#6e7781');
    var text = document.createElement('span');
    text.textContent = status.description || 'Status unavailable';
    link.textContent = '';
    link.appendChild(dot);
    link.appendChild(text);
    if (!inPlace) {
      element.textContent = '';
      element.appendChild(link);
    }
    if (inPlace || element.getAttribute('data-statusmark') !== 'components' || !summary) return;
    var affected = (summary.components || []).filter(function (component) {
      return !component.group && component.status !== 'operational';
    });
    if (affected.length === 0) return;
    var list = document.createElement('ul');
    list.style.cssText = 'margin:.25em 0 0;padding-left:1.2em';
    affected.forEach(function (component) {
      var item = document.createElement('li');
      item.textContent = component.name + ': ' + (LABELS[component.status] || component.status);
      list.appendChild(item);
    });
    element.appendChild(list);
  }

  var elements = document.querySelectorAll('[data-statusmark]');
  if (elements.length === 0) return;
  fetch(new URL('api/v2/summary.json', site).href, { credentials: 'omit' })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(
      function (summary) {
        elements.forEach(function (element) {
          fill(element, summary);
        });
      },
      function () {
        elements.forEach(function (element) {
          fill(element, null);
        });
      },
    );
})();

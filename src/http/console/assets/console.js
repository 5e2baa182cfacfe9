// Keyboard shortcuts for the console. Every page works without this script:
// it only moves a selection and clicks links and buttons already on the page.
(function () {
  'use strict';

  function editing(target) {
    return target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll('tr[data-row]'));
  }

  var current = -1;

  function select(index) {
    var all = rows();
    if (all.length === 0) {
      return;
    }
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) {
      row.classList.toggle('selected', i === current);
    });
    all[current].scrollIntoView({ block: 'nearest' });
  }

  function clickKeyed(key) {
    var element = document.querySelector('[data-key="' + key + '"]');
    if (element instanceof HTMLElement) {
      if (element.tagName === 'BUTTON' && key === '/') {
        var first = document.querySelector(
          'form.filters select, form.filters input:not([type=hidden])',
        );
        if (first instanceof HTMLElement) {
          first.focus();
        }
        return true;
      }
      element.click();
      return true;
    }
    return false;
  }

  document.addEventListener('keydown', function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || editing(event.target)) {
      return;
    }
    var all = rows();
    switch (event.key) {
      case 'j':
        select(current + 1);
        break;
      case 'k':
        select(current - 1);
        break;
      case 'x': {
        var box = all[current] && all[current].querySelector('input[type=checkbox]');
        if (box) {
          box.checked = !box.checked;
        }
        break;
      }
      case 'o':
      case 'Enter': {
        var href = all[current] && all[current].getAttribute('data-href');
        if (href && href.indexOf('/console/') === 0) {
          window.location.assign(href);
        }
        break;
      }
      case 'a':
      case 'n':
      case '/':
      case 'q':
        if (!clickKeyed(event.key)) {
          return;
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();

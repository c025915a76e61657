// The language switcher: a button in every page's header that opens the same page, at the same
// section, in the other edition. Twins have the same sections in the same order, so the section is
// carried by its position (#dkm-section-N), which the twin page turns back into its own id.
(function () {
  var LABEL = { ko: "한국어", en: "English" };
  var PDF = document.currentScript && document.currentScript.dataset.pdf === "yes";   // a build with PDFs

  function sections() {
    return Array.prototype.slice.call(document.querySelectorAll("article.bd-article section[id]"));
  }

  function currentSection() {
    // the section the reader is in: the last one that starts above a third of the window
    var all = sections(), index = 0, line = window.innerHeight / 3;
    for (var i = 0; i < all.length; i++) {
      if (all[i].getBoundingClientRect().top <= line) index = i;
    }
    return index;
  }

  function follow(event) {
    var index = currentSection();
    if (index > 0) {
      event.preventDefault();
      window.location.href = this.href.split("#")[0] + "#dkm-section-" + index;
    }
  }

  function arrive() {
    var match = /^#dkm-section-(\d+)$/.exec(window.location.hash);
    if (!match) return;
    var target = sections()[Number(match[1])];
    if (target) {
      history.replaceState(null, "", "#" + target.id);
      target.scrollIntoView({ behavior: "instant" });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var alternate = document.querySelector('link[rel="alternate"][hreflang]');
    if (alternate) {
      var lang = alternate.getAttribute("hreflang");
      var button = document.createElement("a");
      button.className = "btn btn-sm dkm-lang-switch";
      button.href = alternate.getAttribute("href");
      if (document.getElementById("search-results")) button.search = window.location.search;  // keep ?q=
      button.textContent = LABEL[lang] || lang;
      button.title = lang === "ko" ? "같은 절을 한국어로" : "This section in English";
      var bar = document.querySelector(".article-header-buttons");
      if (bar) bar.insertBefore(button, bar.firstChild);
      // The edition's PDF in the download menu. The twin's link climbs to the site root ("../../../")
      // and goes down into the other edition, so its leading "../" are the way to the root.
      var up = alternate.getAttribute("href").match(/^(\.\.\/)*/)[0];
      var root = new URL(up || "./", document.baseURI).href;
      var own = document.documentElement.lang;
      var menu = document.querySelector(".dropdown-download-buttons ul");
      if (menu && own && PDF) {
        var item = document.createElement("li");
        var pdf = document.createElement("a");
        pdf.className = "btn btn-sm dropdown-item dkm-book-pdf";
        pdf.href = root + "pdf/deep-kmeans-" + own + ".pdf";
        // laid out as the menu's own items: an icon (the whole book's), then the words
        pdf.innerHTML = '<span class="btn__icon-container"><i class="fas fa-book"></i></span>' +
          '<span class="btn__text-container"></span>';
        pdf.lastChild.textContent = own === "ko" ? "책 전체 PDF" : "Whole book (PDF)";
        item.appendChild(pdf);
        menu.appendChild(item);
      }
      document.querySelectorAll("a.dkm-lang-switch, a.dkm-twin").forEach(function (a) {
        a.hreflang = a.lang = lang;   // the twin's language: a screen reader says "English" in English
        a.addEventListener("click", follow);
      });
    }
    arrive();
  });
})();

// Sphinx's Korean search summary says "12 개 페이지"; Korean writes a counter right after its number.
(function () {
  if (document.documentElement.lang === "ko" && typeof Documentation !== "undefined" && Documentation.TRANSLATIONS) {
    Documentation.TRANSLATIONS["Search finished, found ${resultCount} page(s) matching the search query."] =
      "검색이 완료되었으며, 검색어와 일치하는 ${resultCount}개 페이지를 찾았습니다.";
  }
})();

// Korean for the interface strings scripts add in English after the page is written (sphinx-togglebutton's
// buttons; the theme's own strings are Korean in the HTML already: KOREAN_INTERFACE in book/tools/dkm_site.py).
(function () {
  var KO = {
    "Toggle hidden content": "숨은 내용 열고 닫기"
  };
  var ATTRIBUTES = ["title", "aria-label", "data-bs-original-title", "alt"];

  function translate() {
    if (document.documentElement.lang !== "ko") return;
    ATTRIBUTES.forEach(function (name) {
      document.querySelectorAll("[" + name + "]").forEach(function (el) {
        var korean = KO[el.getAttribute(name)];
        if (korean) el.setAttribute(name, korean);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", translate);
  window.addEventListener("load", translate);   // togglebutton.js adds its buttons after DOMContentLoaded
})();

// sphinx-copybutton has no Korean messages: add them before its buttons are made (this deferred script runs
// before DOMContentLoaded, when copybutton.js makes them; `messages` and `locale` are its global bindings).
(function () {
  if (document.documentElement.lang !== "ko" || typeof messages === "undefined") return;
  messages.ko = {
    copy: "복사", copy_to_clipboard: "클립보드로 복사", copy_success: "복사했습니다!", copy_failure: "복사하지 못했습니다"
  };
  locale = "ko";   // eslint-disable-line no-global-assign
})();

// What a narrow screen needs once the page has laid out (and MathJax has typeset): a display equation wider
// than the column shrinks to fit (down to 70 %, then it scrolls); a box that scrolls sideways fades at its
// right edge while it has more to show; inline math too wide for the line shrinks, then scrolls, and keeps the
// brackets and punctuation around it on its line,
// and a Latin word joined to Korean by a hyphen is not broken; short inline code stays on one line, and a word
// of inline code too long for the line may break; each figure opens at full size in its own tab.
(function () {
  var SCROLLERS = ".bd-article table, .bd-article mjx-container[display='true'], " +
    ".bd-article div.highlight pre, .bd-article .cell_output pre, .bd-article span.math.dkm-scroll-x";
  var FIGURE_TITLE = { ko: "그림을 원래 크기로, 새 탭에서 열기", en: "Open the figure at full size, in a new tab" };
  var SHORT_CODE = 24;   // characters: about a quarter of a phone's line

  function fitEquations() {
    document.querySelectorAll(".bd-article mjx-container[display='true']").forEach(function (eq) {
      if (!("dkmSize" in eq.dataset)) eq.dataset.dkmSize = eq.style.fontSize;   // MathJax's own scaling
      eq.style.fontSize = eq.dataset.dkmSize;
      if (!eq.clientWidth || eq.scrollWidth <= eq.clientWidth + 1) return;
      var size = parseFloat(getComputedStyle(eq).fontSize);
      eq.style.fontSize = size * Math.max(0.7, 0.98 * eq.clientWidth / eq.scrollWidth) + "px";
    });
  }

  // An inline formula wider than the column (on a phone, "≈ 6.7 × 10⁻⁶" lost its power of ten: the theme's
  // span.math hides what sticks out) shrinks to fit, down to 80 %, and then scrolls inside its own box.
  function fitInlineMath() {
    document.querySelectorAll(".bd-article span.math").forEach(function (box) {
      var math = box.querySelector("mjx-container:not([display='true']) mjx-math");
      if (!math) return;
      if (!("dkmSize" in box.dataset)) box.dataset.dkmSize = box.style.fontSize;
      box.style.fontSize = box.dataset.dkmSize;
      box.classList.remove("dkm-scroll-x", "dkm-more-right");   // (fits again: after a rotation, say)
      var width = math.getBoundingClientRect().width, room = box.clientWidth;
      if (!room || width <= room + 1) return;
      var scale = Math.max(0.8, 0.98 * room / width);
      box.style.fontSize = parseFloat(getComputedStyle(box).fontSize) * scale + "px";
      if (math.getBoundingClientRect().width > box.clientWidth + 1) box.classList.add("dkm-scroll-x");
    });
  }

  // (a table only when more than a few pixels are hidden: 5 px too wide, it hides only its cells' padding, and the
  // fade washed out the last 3em of every row for it; code and math have no such padding)
  var MORE = 8;
  function markMore(box) {
    var hidden = box.scrollWidth - box.clientWidth - box.scrollLeft;
    box.classList.toggle("dkm-more-right", hidden > (box.matches("table") ? MORE : 2));
  }

  // A table or a block of code or output that scrolls sideways (on a phone, say) is a Tab stop, so that a keyboard
  // can scroll it too (axe: scrollable-region-focusable); it stops being one when it fits again. (Not formulas:
  // MathJax's own Tab stops are switched off on purpose.)
  var KEYBOARD = "table, pre";
  function reachByKeyboard(box) {
    if (!box.matches(KEYBOARD)) return;
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      box.dataset.dkmTab = "1";
    } else if (!scrolls && box.dataset.dkmTab) {
      box.removeAttribute("tabindex");
      delete box.dataset.dkmTab;
    }
  }

  function markScrollers() {
    document.querySelectorAll(SCROLLERS).forEach(function (box) {
      markMore(box);
      reachByKeyboard(box);
      if (!box.dataset.dkmWatched) {
        box.dataset.dkmWatched = "1";
        box.addEventListener("scroll", function () { markMore(box); }, { passive: true });
      }
    });
  }

  // On a phone a table of the prose too wide for the screen (chapter 1's layer arithmetic hid its results under the
  // fade) is read row by row (book.css): each cell under its column's name. The glossary's table has its own layout.
  var PHONE = window.matchMedia("(max-width: 576px)");
  function stackWideTables() {
    document.querySelectorAll(".bd-article table.table").forEach(function (table) {
      if (table.closest("#more-terms-with-where-they-first-appear")) return;
      table.classList.remove("dkm-stacked");
      if (!PHONE.matches || table.scrollWidth <= table.clientWidth + MORE) return;
      var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) { cell.dataset.dkmLabel = names[i] || ""; });
      });
      table.classList.add("dkm-stacked");
    });
  }

  function nobreak() {   // a span whose content the line never breaks (book.css)
    var keep = document.createElement("span");
    keep.className = "dkm-nobreak";
    return keep;
  }

  function keepPunctuation() {
    document.querySelectorAll(".bd-article mjx-container:not([display='true'])").forEach(function (math) {
      var box = math.parentElement.classList.contains("math") ? math.parentElement : math;
      var prev = box.previousSibling, next = box.nextSibling;
      var before = prev && prev.nodeType === 3 && /[(\[]+$/.exec(prev.data);      // "(" before the math
      var after = next && next.nodeType === 3 && /^[,.;:!?)\]]+/.exec(next.data);  // ", " or ")" after it
      if (!before && !after) return;
      var keep = nobreak();
      box.parentNode.insertBefore(keep, box);
      if (before) {
        prev.data = prev.data.slice(0, prev.data.length - before[0].length);
        keep.appendChild(document.createTextNode(before[0]));
      }
      keep.appendChild(box);
      if (after) {
        next.data = next.data.slice(after[0].length);
        keep.appendChild(document.createTextNode(after[0]));
      }
    });
  }

  // "K-평균과", "t-SNE는": a browser may break after the hyphen; a Latin word joined to Korean stays whole.
  function keepHyphenatedWords() {
    var word = /([A-Za-z0-9]+-[A-Za-z0-9]*[\uac00-\ud7a3]+)/;
    var roots = ".bd-article, .bd-sidebar-primary, .prev-next-area";
    document.querySelectorAll(roots).forEach(function (root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT), found = [];
      while (walker.nextNode()) {
        var node = walker.currentNode;
        if (word.test(node.data) && !node.parentElement.closest("pre, code, script, mjx-container, .dkm-nobreak")) {
          found.push(node);
        }
      }
      found.forEach(function (node) {
        var parts = node.data.split(word), pieces = document.createDocumentFragment();
        parts.forEach(function (part, i) {
          if (i % 2 === 0) {
            if (part) pieces.appendChild(document.createTextNode(part));
            return;
          }
          var keep = nobreak();
          keep.textContent = part;
          pieces.appendChild(keep);
        });
        node.parentNode.replaceChild(pieces, node);
      });
    });
  }

  // Short inline code (`z = model.encode(x)`) stays on one line: a reader sees it whole, not "z" and
  // "= model.encode(x)" on two lines. Longer code may wrap between its words (book.css).
  function keepShortCode() {
    document.querySelectorAll(".bd-article code.literal").forEach(function (code) {
      if (code.textContent.length <= SHORT_CODE) code.classList.add("dkm-nobreak");
    });
  }

  function markLongWords() {
    document.querySelectorAll(".bd-article code.literal span.pre").forEach(function (word) {
      if (word.closest("table")) return;   // a table scrolls instead
      word.classList.remove("dkm-long-word");
      var line = word.closest("p, li, dd, dt, div");
      if (line && word.offsetWidth > line.clientWidth) word.classList.add("dkm-long-word");
    });
  }

  // Each printed line of a cell's output becomes a span of its own (its newline kept, so that copying it and
  // the page's text are unchanged): on a phone (book.css) a line wider than the screen wraps inside its box with a
  // hanging indent, so the numbers at the end of a line, the ones the text goes on to quote, are on screen (and a
  // printed listing's indented line continues past its own indentation, as an editor's soft wrap does).
  // Only plain printed text: an output with markup of its own (ANSI colours) keeps its lines as they are.
  function splitPrintedLines() {
    document.querySelectorAll(".bd-article .cell_output pre").forEach(function (pre) {
      var plain = Array.prototype.every.call(pre.childNodes, function (node) {
        return node.nodeType === Node.TEXT_NODE || (node.nodeName === "SPAN" && !node.childNodes.length);
      });
      // (a text the book wraps on every screen, book.Text, is a paragraph: the page wraps it, with no hanging indent)
      if (!plain || pre.style.whiteSpace || pre.querySelector(".dkm-line")) return;
      var lines = pre.textContent.match(/[^\n]*\n|[^\n]+$/g) || [];
      pre.textContent = "";
      lines.forEach(function (line) {
        var span = document.createElement("span");
        span.className = "dkm-line";
        span.textContent = line;
        var lead = /^ */.exec(line)[0].length;   // a wrapped line continues under its own text, not under the margin
        if (lead) span.style.setProperty("--dkm-lead", Math.min(lead, 16) + "ch");
        pre.appendChild(span);
      });
    });
  }

  // A block of code or printed output a few characters wider than its box is set in a smaller type so that it fits,
  // instead of hiding its line ends under the fade: in a laptop's 992-1279 px window (the column is narrower there
  // than at 1280 px, and the notebooks' lines run to 92 characters) down to FIT_PX.laptop. On a phone only a printed
  // table is fitted (chapter 4's presets, chapter 6's before/after table), down to FIT_PX.phone, so that its rows
  // stay one line each and its columns aligned; a wider table and printed text wrap (book.css), code scrolls.
  // Between the two (a phone on its side, a small tablet: 577-767 px) a 92-character line needs 9.5-10 px.
  var FIT_PX = { laptop: 11, small: 9.5, phone: 9 };
  var SMALL = window.matchMedia("(max-width: 767px)");
  var COLUMNS = /\S {2,}\S/;   // a table: columns two spaces apart or more, on two lines at least
  function fitBlocks() {
    document.querySelectorAll(".bd-article div.highlight pre, .bd-article .cell_output pre").forEach(function (pre) {
      pre.classList.remove("dkm-fit");
      pre.style.removeProperty("font-size");
      // (a folded solution's is measured when it opens; a text the book wraps on every screen, book.Text, wraps)
      if (!pre.clientWidth || pre.style.whiteSpace) return;
      if (PHONE.matches) {
        var lines = pre.querySelectorAll(":scope > .dkm-line");
        var table = Array.prototype.filter.call(lines, function (line) { return COLUMNS.test(line.textContent); });
        if (table.length < 2) return;
        pre.classList.add("dkm-fit");   // each printed line on one line, to measure the widest
      }
      var style = getComputedStyle(pre), box = pre.getBoundingClientRect(), range = document.createRange();
      var left = box.left + pre.clientLeft + parseFloat(style.paddingLeft) - pre.scrollLeft, widest = 0;
      range.selectNodeContents(pre);
      Array.prototype.forEach.call(range.getClientRects(), function (r) { widest = Math.max(widest, r.right - left); });
      var room = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      var size = 0.98 * parseFloat(style.fontSize) * room / widest;
      if (widest <= room || size < (PHONE.matches ? FIT_PX.phone : SMALL.matches ? FIT_PX.small : FIT_PX.laptop)) {
        pre.classList.remove("dkm-fit");   // fits as it is, or wraps (a phone's printed text) or scrolls
      } else {
        pre.style.fontSize = size.toFixed(1) + "px";
      }
    });
  }

  function linkFigures() {
    var title = FIGURE_TITLE[document.documentElement.lang] || FIGURE_TITLE.en;
    document.querySelectorAll(".bd-article .cell_output img").forEach(function (img) {
      // (a widget's own images, and the printed panel's data: images, are not figure files to open)
      if (img.closest(".jupyter-widgets, .widget-subarea") || img.src.startsWith("data:")) return;
      // Sphinx already links a figure shown at a set size (a 2x one) to its file: that link opens it
      var link = img.closest("a");
      if (link && !link.classList.contains("image-reference")) return;
      if (!link) {
        link = document.createElement("a");
        link.href = img.getAttribute("src");
        img.parentNode.insertBefore(link, img);
        link.appendChild(img);
      }
      link.target = "_blank";
      link.rel = "noopener";
      link.classList.add("dkm-figure-link");
      link.title = title;
    });
  }

  // Chapter 7's panel shows its saved pictures as data: images inside the widgets, which a link cannot open (a
  // browser opens no data: page) and which a phone shrinks to unreadable: a click or tap opens a copy at full size.
  function panelPicture(event) {
    return event.target.closest && event.target.closest(".dkm-tuning-panel img[src^='data:']");
  }
  function openPicture(event) {
    var img = panelPicture(event);
    if (!img) return;
    var parts = img.src.split(","), bytes = atob(parts[1]), data = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) data[i] = bytes.charCodeAt(i);
    var type = parts[0].slice("data:".length).split(";")[0];
    if (type !== "image/png" && type !== "image/jpeg") return;   // (an SVG would run its scripts in the book's origin)
    window.open(URL.createObjectURL(new Blob([data], { type: type })), "_blank");
  }
  function titlePicture(event) {
    var img = panelPicture(event);
    if (img && !img.title) img.title = FIGURE_TITLE[document.documentElement.lang] || FIGURE_TITLE.en;
  }
  document.addEventListener("DOMContentLoaded", function () {   // only a page with saved widgets has a panel
    if (!document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]')) return;
    document.addEventListener("click", openPicture);
    document.addEventListener("mouseover", titlePicture);
  });

  function layout() {
    markLongWords();
    fitEquations();
    fitInlineMath();
    stackWideTables();
    fitBlocks();
    markScrollers();
  }

  // The theme scrolls the sidebar to the current chapter when that link sits in the lower half of the window,
  // though it is in view: the book's title and search box went off the top. Where the top shows the link, stay there.
  function sidebarFromTheTop() {
    var sidebar = document.querySelector("div.bd-sidebar");
    var active = document.querySelectorAll(".bd-docs-nav .active");
    if (!sidebar || !active.length) return;
    var link = active[active.length - 1].getBoundingClientRect();
    if (link.bottom + sidebar.scrollTop <= sidebar.getBoundingClientRect().bottom) sidebar.scrollTop = 0;
  }
  // The theme scrolls as soon as the document is interactive, before DOMContentLoaded: this runs after it.
  document.addEventListener("DOMContentLoaded", sidebarFromTheTop);

  window.addEventListener("load", function () {
    linkFigures();
    splitPrintedLines();
    keepHyphenatedWords();
    keepShortCode();
    var typeset = window.MathJax && MathJax.startup && MathJax.startup.promise;
    (typeset || Promise.resolve()).catch(function () {}).then(function () {
      document.documentElement.classList.remove("dkm-math-pending");   // (book.css: formulas not yet drawn)
      keepPunctuation();
      layout();
      document.documentElement.dataset.dkmLaidOut = "1";   // for the browser check
    });
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(layout, 150);
    });
    document.addEventListener("toggle", function () { setTimeout(layout, 0); }, true);   // <details> opened
    document.addEventListener("click", function (event) {   // a folded hint or solution opened (togglebutton)
      if (event.target.closest && event.target.closest(".admonition.toggle > .admonition-title")) setTimeout(layout, 0);
    });
  });
})();

// Names and landmarks for screen readers where the theme's and the widgets' markup lacks them (checked with
// axe-core by tests/test_browser.py): every control is named by what it shows, every part of the page sits in
// a landmark.
(function () {
  var SIDEBAR = { ko: "책", en: "Book" };

  function hideIcons(button) {   // the colour-mode button's icons are decoration: its aria-label names it
    button.querySelectorAll("i, svg").forEach(function (icon) {
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.removeAttribute("role");
      icon.setAttribute("aria-hidden", "true");
      icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
    });
  }

  function nameControls() {
    // The sidebar's search box is named by its visible text ("검색 Ctrl+K"), not by a shorter aria-label.
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      hideIcons(button);
      // Font Awesome turns each <i> into an <svg> with the icon's title inside, before or after this runs
      // (a race: the audit once caught "밝게" inside the button): hide the icons again whenever they change.
      new MutationObserver(function () { hideIcons(button); })
        .observe(button, { childList: true, subtree: true, attributes: true, attributeFilter: ["title"] });
    });
    // The left sidebar (the book's title, search and contents) is the book's navigation landmark.
    var sidebar = document.getElementById("pst-primary-sidebar");
    if (sidebar && !sidebar.hasAttribute("role")) {
      sidebar.setAttribute("role", "navigation");
      sidebar.setAttribute("aria-label", SIDEBAR[document.documentElement.lang] || SIDEBAR.en);
    }
  }

  function nameWidgets() {   // for screen readers, as the widget manager draws the saved widgets
    // chapter 7's status and scores change when Train is pressed: a screen reader reads them out
    document.querySelectorAll(".dkm-tune-status, .dkm-tune-scores").forEach(function (line) {
      if (!line.hasAttribute("aria-live")) line.setAttribute("aria-live", "polite");
    });
    // an ipywidgets slider's handle is named by the slider's description
    document.querySelectorAll(".jupyter-widgets.widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      slider.querySelectorAll(".noUi-handle:not([aria-label])").forEach(function (handle) {
        if (label && label.textContent.trim()) handle.setAttribute("aria-label", label.textContent.trim());
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameControls();
    if (document.querySelector('script[type="application/vnd.jupyter.widget-state+json"]')) {
      new MutationObserver(nameWidgets).observe(document.body, { childList: true, subtree: true });
    }
  });
})();

// The sidebar and contents buttons: pydata-sphinx-theme 0.17 adds a hidden copy of each to its top bar, and
// both themes bind the first button of the class on the page (pydata-sphinx-theme#2451), so the visible ones
// in the article header did nothing (no chapter list on a phone). This deferred script runs before the themes
// bind theirs: without the hidden copies, they bind the buttons the reader sees.
(function () {
  document.querySelectorAll(".bd-header .primary-toggle, .bd-header .secondary-toggle").forEach(function (b) {
    b.remove();
  });
})();

// On a phone the page's contents open in a drawer that covers most of the screen: a tap on a section in it
// scrolled the page there but left the drawer open over it. A link within the page closes the drawer. A closed
// drawer gives the keyboard focus back to the button that opened it (sphinx-book-theme blurs the button before
// pydata-sphinx-theme notes where the focus was, so it fell back to the page).
(function () {
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("dialog[open] a[href^='#']");
    if (link) link.closest("dialog").close();
  });
  [["primary", "#pst-primary-sidebar-modal"], ["secondary", "#pst-secondary-sidebar-modal"]].forEach(function (pair) {
    var button = document.querySelector(".bd-header-article ." + pair[0] + "-toggle");
    var drawer = document.querySelector(pair[1]);
    if (button && drawer) drawer.addEventListener("close", function () { button.focus({ preventScroll: true }); });
  });
})();

// Chapter 7's tuning panel on the web page: no Python runs there, so its Train button shows the run that the
// λ × k sweep recorded for the settings on screen (its scores; the sweep kept no pictures), or says which
// settings the sweep recorded. The records come with the page (book/tools/dkm_site.py, #dkm-sweep).
(function () {
  var TEXT = {
    en: {
      recorded: "Recorded, not trained here (this page runs no Python): the sweep's run with λ = {lam}, k = {k}, " +
        "seed {seed} took {s} s on {threads}.",
      scores: "<b>Recorded in the sweep</b> on {n} validation images: ACC <b>{acc}</b> · NMI <b>{nmi}</b> · " +
        "ARI <b>{ari}</b> · clusters used {used}/{k}",
      stale: "The curves and pictures below (faded) are still the saved run's, λ = {lam}, k = {k}, seed {seed}.",
      missing: "This page runs no Python, so Train shows only runs the sweep recorded: λ ∈ {{lams}}, " +
        "k ∈ {{ks}}, seed {seeds}, with T1 = {t1}, T2 = {t2}, {epochs} epochs and {train_size} train images. " +
        "To train other settings, open this notebook (the rocket button at the top of the page).",
      saved: "The scores and pictures below are the saved run's (λ = {lam}, k = {k}, seed {seed})."
    },
    ko: {
      recorded: "이 페이지에서 학습한 것이 아니라 스윕에 기록해 둔 실행입니다(이 페이지에서는 파이썬이 돌지 않습니다). " +
        "λ = {lam}, k = {k}, 시드 {seed}의 실행은 스레드 {threads}개로 {s}초 걸렸습니다.",
      scores: "<b>스윕에 기록된 점수</b>(검증 이미지 {n}장): ACC <b>{acc}</b> · NMI <b>{nmi}</b> · " +
        "ARI <b>{ari}</b> · 사용 중인 군집 {used}/{k}",
      stale: "아래 곡선과 그림(흐리게 표시)은 저장된 실행(λ = {lam}, k = {k}, 시드 {seed})의 것 그대로입니다.",
      missing: "이 페이지에서는 파이썬이 돌지 않으므로 학습 버튼은 스윕에 기록된 실행만 보여 줍니다. 기록된 설정은 " +
        "λ ∈ {{lams}}, k ∈ {{ks}}, 시드 {seeds}이고, 모두 T1 = {t1}, T2 = {t2}로 학습 이미지 {train_size}장을 " +
        "{epochs} 에폭 학습했습니다. " +
        "다른 설정으로 학습하려면 이 노트북을 여세요(페이지 위쪽의 로켓 버튼).",
      saved: "아래 점수와 그림은 저장된 실행(λ = {lam}, k = {k}, 시드 {seed})의 것입니다."
    }
  };
  // the panel's own status line: the text colour of the page, a sign (and bold for errors), never a fixed colour,
  // which is unreadable in one of the two themes
  var MARK = { ok: ["\u2713 ", 400], error: ["\u26a0 ", 700] };

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function message(text, kind) {   // as the panel's own _message draws it (dkm_lib/widgets.py)
    var div = document.createElement("div");
    div.className = "dkm-" + kind;
    div.style.fontSize = "13px";
    div.style.fontWeight = MARK[kind][1];
    div.textContent = MARK[kind][0] + text;
    return div.outerHTML;
  }

  function content(panel, name) {
    return panel.querySelector(".dkm-tune-" + name + " .widget-html-content");
  }

  function setting(panel, name) {   // a slider's readout, or the λ text box
    var box = panel.querySelector(".dkm-tune-" + name);
    var input = box && box.querySelector("input");
    var readout = box && box.querySelector(".widget-readout");
    return parseFloat(input ? input.value : readout ? readout.textContent : NaN);
  }

  function same(a, b) { return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)); }

  function show(panel, sweep, saved) {
    var text = TEXT[document.documentElement.lang] || TEXT.en;
    var fixed = sweep.settings, savedRun = { lam: fixed.lam, k: fixed.n_clusters, seed: fixed.seed };
    var on = { lam: setting(panel, "lam"), k: setting(panel, "k"), seed: setting(panel, "seed") };
    var asSwept = same(setting(panel, "t1"), fixed.t1) && same(setting(panel, "t2"), fixed.t2) &&
      same(setting(panel, "epochs"), fixed.epochs) && same(setting(panel, "subset"), fixed.train_size);
    var run = asSwept && sweep.runs.filter(function (r) {
      return same(on.lam, r.lam) && on.k === r.k && on.seed === r.seed;
    })[0];
    var status = content(panel, "status"), scores = content(panel, "scores");
    var figures = panel.querySelectorAll(".dkm-tune-curves, .dkm-tune-results");
    var unique = function (key) {
      return sweep.runs.map(function (r) { return r[key]; })
        .filter(function (v, i, all) { return all.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    };
    if (!run) {
      var seeds = unique("seed");
      status.innerHTML = message(fill(text.missing, {
        lams: unique("lam").join(", "), ks: unique("k").join(", "),
        seeds: seeds[0] + "–" + seeds[seeds.length - 1], t1: fixed.t1, t2: fixed.t2, epochs: fixed.epochs,
        train_size: fixed.train_size }) + " " + fill(text.saved, savedRun), "error");
      scores.innerHTML = saved;   // the scores of the pictures below
      figures.forEach(function (f) { f.classList.remove("dkm-stale"); });
      return;
    }
    var isSaved = same(run.lam, fixed.lam) && run.k === fixed.n_clusters && run.seed === fixed.seed;
    var threads = document.documentElement.lang === "ko" ? sweep.threads
      : sweep.threads + (sweep.threads === 1 ? " thread" : " threads");
    var recorded = fill(text.recorded, { lam: run.lam, k: run.k, seed: run.seed, s: run.wall_s.toFixed(1),
      threads: threads });
    status.innerHTML = message(isSaved ? recorded : recorded + " " + fill(text.stale, savedRun), "ok");
    scores.innerHTML = fill(text.scores, {
      n: fixed.score_size, acc: run.acc.toFixed(3), nmi: run.nmi.toFixed(3), ari: run.ari.toFixed(3),
      used: run.clusters_used, k: run.k });
    figures.forEach(function (f) { f.classList.toggle("dkm-stale", !isSaved); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("dkm-sweep");
    if (!data) return;
    var sweep = JSON.parse(data.textContent), saved = null;
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest(".dkm-tune-train");
      var panel = button && button.closest(".dkm-tuning-panel");
      if (!panel) return;
      if (saved === null) saved = content(panel, "scores").innerHTML;
      show(panel, sweep, saved);
    });
  });
})();

// Search results quote each page's text, where the formulas are still TeX source (MathJax draws them on the page
// only): \(h(x)\), \hat{x}, \begin{cases} ... The quote shows them as plain text instead: h(x), x̂, ‖x − μ‖, a/b.
(function () {
  var NAMES = { alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", theta: "θ", lambda: "λ", mu: "μ",
    pi: "π", sigma: "σ", tau: "τ", phi: "φ", Sigma: "Σ", sum: " Σ", cdot: "·", times: "×", le: "≤", leq: "≤",
    ge: "≥", geq: "≥", ne: "≠", neq: "≠", approx: "≈", in: "∈", to: "→", rightarrow: "→", leftarrow: "←",
    infty: "∞", dots: "…", ldots: "…", cdots: "…", lVert: "‖", rVert: "‖", Vert: "‖", mid: "|", ell: "ℓ",
    partial: "∂", top: "ᵀ", lfloor: "⌊", rfloor: "⌋", sqrt: "√", quad: " ", qquad: " ",
    min: "min", max: "max", arg: "arg", log: "log", exp: "exp", cos: "cos", sin: "sin" };
  var DOUBLE = { R: "ℝ", N: "ℕ", Z: "ℤ" };
  function plainMath(tex) {
    var text = tex.replace(/\\(?:begin|end)\{[^}]*\}/g, " ").replace(/\\\{/g, "\u0001").replace(/\\\}/g, "\u0002");
    for (var i = 0; i < 3; i++) {   // innermost first: \frac{\hat{x}}{2}
      text = text.replace(/\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}/g, function (m, top, bottom) {
        return [top, bottom].map(function (t) {   // a/b, but (a + b)/c
          return /^\\?[\w.\u0302\u0304]+$/.test(t.trim()) ? t.trim() : "(" + t + ")";
        }).join("/");
      })
        .replace(/\\binom\{([^{}]*)\}\{([^{}]*)\}/g, "C($1, $2)")
        .replace(/\\underbrace\{([^{}]*)\}_\{[^{}]*\}/g, "$1")
        .replace(/\\hat\{(\w)\}/g, "$1\u0302").replace(/\\bar\{(\w)\}/g, "$1\u0304")
        .replace(/\\mathbb\{(\w)\}/g, function (m, letter) { return DOUBLE[letter] || letter; })
        .replace(/\\(?:text|mathrm|mathbf|mathcal|operatorname|hat|bar|tilde|sqrt)\{([^{}]*)\}/g, "$1");
    }
    return text.replace(/\\([A-Za-z]+)/g, function (m, name) { return NAMES[name] || ""; })
      .replace(/\\[,;:! ]|\\\\|&/g, " ").replace(/\\\|/g, "‖").replace(/\\_/g, "_")
      .replace(/[{}]/g, "").replace(/\u0001/g, "{").replace(/\u0002/g, "}").replace(/[ \t]+/g, " ").trim();
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("search-results") || typeof Search === "undefined" || !Search.htmlToText) return;
    var toText = Search.htmlToText;
    // The theme puts the page's contents list (on screen and for print), its header buttons and Previous/Next inside
    // [role=main], where Sphinx takes its excerpts from: drop them, so that an excerpt quotes the text.
    var NOT_TEXT = ".onlyprint, .bd-sidebar-secondary, .bd-header-article, .prev-next-area, .bd-footer-article, footer";
    Search.htmlToText = function (html, anchor) {
      var page = new DOMParser().parseFromString(html, "text/html");
      page.querySelectorAll(NOT_TEXT).forEach(function (el) { el.remove(); });
      return toText(page.documentElement.outerHTML, anchor).replace(/\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g, function (m, inline, display) {
        return plainMath(inline || display);
      });
    };
  });
})();

// The words a search looked for, marked on the page a result opened. Sphinx's sphinx_highlight.js marks them only
// on pages without its search code, and pydata-sphinx-theme loads that code on every page (for its search box), so
// nothing was ever marked. Only the article is searched, as the index holds only articles.
(function () {
  document.addEventListener("DOMContentLoaded", function () {
    if (document.getElementById("search-results") || typeof _highlightText !== "function") return;
    var terms = (localStorage.getItem("sphinx_highlight_terms") || "").toLowerCase().split(/\s+/).filter(Boolean);
    localStorage.removeItem("sphinx_highlight_terms");
    var article = document.querySelector("article.bd-article");
    if (article) terms.forEach(function (term) { _highlightText(article, term, "highlighted"); });
  });
})();

// Names and languages for assistive technology (an outside accessibility review): each hint or solution
// button says which box it opens (all were "Toggle hidden content"); each heading's "#" link says which heading
// it links (it was read as "#"); text in the other language (the glossary's other column, a Korean title in
// the English references) carries its language, so a screen reader pronounces it in it (the links to the twin
// page get theirs with the language switch, above).
(function () {
  var KO = document.documentElement.lang === "ko";
  var HANGUL = /[\uac00-\ud7a3][\uac00-\ud7a3\s.,·()'"\-]*[\uac00-\ud7a3)]|[\uac00-\ud7a3]/g;

  function words(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function nameToggles() {   // "Hint" and "Answer" recur: they also name their exercise or question
    document.querySelectorAll(".admonition-title > button.toggle-button").forEach(function (button) {
      var title = words(button.parentElement);
      var outer = button.closest(".admonition").parentElement.closest(".admonition, li");
      var context = !outer ? "" : outer.matches("li") ? words(outer.querySelector("p"))
        : words(outer.querySelector(".admonition-title"));
      if (context.length > 80) context = context.slice(0, 79) + "…";
      if (title) button.setAttribute("aria-label", (KO ? "열고 닫기: " : "Show or hide: ") + title +
                                     (context ? " — " + context : ""));
    });
  }

  function nameHeadingLinks() {
    document.querySelectorAll(".bd-article :is(h1, h2, h3, h4) > a.headerlink").forEach(function (link) {
      var heading = link.parentElement.cloneNode(true);
      heading.querySelectorAll("a.headerlink").forEach(function (a) { a.remove(); });
      var text = words(heading);
      if (text) link.setAttribute("aria-label", (KO ? "이 절로 가는 링크: " : "Link to this heading: ") + text);
    });
  }

  function markLanguages() {
    // a table column headed by the other language's name ("한국어" in English, "English" in Korean)
    var OTHER = KO ? { English: "en" } : { "한국어": "ko" };
    document.querySelectorAll(".bd-article table").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (th, column) {
        var lang = OTHER[th.textContent.trim()];
        if (!lang) return;
        th.lang = lang;
        table.querySelectorAll("tbody tr").forEach(function (row) {
          if (row.cells[column]) row.cells[column].lang = lang;
        });
      });
    });
    if (KO) return;
    // in the English edition, a run of Hangul in the prose (not in code, formulas or an element that has its lang)
    var walker = document.createTreeWalker(document.querySelector(".bd-article") || document.body,
                                           NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (!/[\uac00-\ud7a3]/.test(node.nodeValue)) return NodeFilter.FILTER_REJECT;
        var parent = node.parentElement;
        if (parent.closest("pre, code, script, style, mjx-container, .cell_input, [lang]:not(html)"))
          return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var fragment = document.createDocumentFragment(), text = node.nodeValue, at = 0;
      text.replace(HANGUL, function (run, offset) {
        fragment.appendChild(document.createTextNode(text.slice(at, offset)));
        var span = document.createElement("span");
        span.lang = "ko";
        span.textContent = run;
        fragment.appendChild(span);
        at = offset + run.length;
      });
      fragment.appendChild(document.createTextNode(text.slice(at)));
      node.parentNode.replaceChild(fragment, node);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameHeadingLinks();
    markLanguages();
  });
  window.addEventListener("load", nameToggles);   // togglebutton.js adds its buttons after DOMContentLoaded
})();

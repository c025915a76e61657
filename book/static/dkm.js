// The language switcher: a button in every page's header that opens the same page, at the same
// section, in the other edition. Twins have the same sections in the same order, so the section is
// carried by its position (#dkm-section-N), which the twin page turns back into its own id.
(function () {
  var LABEL = { ko: "한국어", en: "English" };

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
      button.hreflang = lang;
      button.lang = lang;
      button.textContent = LABEL[lang] || lang;
      button.title = lang === "ko" ? "같은 절을 한국어로" : "This section in English";
      var bar = document.querySelector(".article-header-buttons");
      if (bar) bar.insertBefore(button, bar.firstChild);
      // The edition's PDF in the download menu: the site root is where the twin's edition folder is.
      var root = button.href.slice(0, button.href.lastIndexOf("/" + lang + "/") + 1);
      var own = document.documentElement.lang;
      var menu = document.querySelector(".dropdown-download-buttons ul");
      if (menu && own) {
        var item = document.createElement("li");
        var pdf = document.createElement("a");
        pdf.className = "btn btn-sm dropdown-item dkm-book-pdf";
        pdf.href = root + "pdf/deep-kmeans-" + own + ".pdf";
        pdf.textContent = own === "ko" ? "책 전체 PDF" : "Whole book (PDF)";
        item.appendChild(pdf);
        menu.appendChild(item);
      }
      document.querySelectorAll("a.dkm-lang-switch, a.dkm-twin").forEach(function (a) {
        a.addEventListener("click", follow);
      });
    }
    arrive();
  });
})();

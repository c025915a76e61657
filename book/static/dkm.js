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
      if (document.getElementById("search-results")) button.search = window.location.search;  // keep ?q=
      button.hreflang = lang;
      button.lang = lang;
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

// Korean for the interface strings the themes write in English only (tooltips, screen-reader labels, the
// launch buttons' logos;
// book/locales/ko covers the strings that go through Sphinx's catalogue).
(function () {
  var KO = {
    "Toggle primary sidebar": "왼쪽 목차 열고 닫기",
    "Toggle secondary sidebar": "오른쪽 목차 열고 닫기",
    "Launch interactive content": "실행 환경에서 열기",
    "Toggle hidden content": "숨은 내용 열고 닫기",
    "Link to this heading": "이 절로 가는 링크",
    "Fullscreen mode": "전체 화면으로 보기",
    "전체 화면으로보기": "전체 화면으로 보기",
    "Binder logo": "Binder 로고",
    "Colab logo": "Colab 로고",
    "Launch on Binder": "Binder에서 열기",
    "Launch on Colab": "Colab에서 열기"
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

// Tell the ipywidgets HTML manager where its own files are: in _static/html-manager/ next to
// embed-amd.js, not in the folder of the page being read (chapters live in notebooks/ko/, notebooks/en/).
(function () {
  var src = document.currentScript.src;
  var assets = src.slice(0, src.lastIndexOf("/") + 1) + "html-manager/";
  window.__jupyter_widgets_assets_path__ = assets;
  if (window.require && window.require.config) {
    window.require.config({ baseUrl: assets });
  }
})();

// The widget manager typesets labels with MathJax 2's MathJax.Hub.Queue; the book loads MathJax 3,
// which has no Hub (a console error per widget). Give whatever window.MathJax becomes a Hub whose
// Queue typesets with MathJax 3.
(function () {
  var current = window.MathJax;
  function withHub(mathjax) {
    if (mathjax && typeof mathjax === "object" && !mathjax.Hub) {
      mathjax.Hub = {
        Queue: function (job) {
          var element = job && job[2], m = window.MathJax;
          if (m && m.typesetPromise) m.typesetPromise(element ? [element] : undefined).catch(function () {});
        },
      };
    }
    return mathjax;
  }
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
  withHub(current);
})();

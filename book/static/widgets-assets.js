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

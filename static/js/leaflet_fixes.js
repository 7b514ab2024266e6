/* Loaded right after leaflet.js, before any map is built (see geo/assets.py).
 *
 * Leaflet focuses the map container on mousedown (for keyboard panning) and restores
 * the scroll position of its own window only. Inside Streamlit's component iframe the
 * parent page then scrolls the map into view between mousedown and click, so a click
 * on a carrier lands a hundred pixels from where the person aimed. Focusing with
 * preventScroll keeps keyboard panning and keeps the click on target.
 */
(function () {
  if (!window.L || !L.Map || !L.Map.Keyboard) { return; }
  L.Map.Keyboard.prototype._onMouseDown = function () {
    if (this._focused) { return; }
    this._map._container.focus({preventScroll: true});
  };
})();

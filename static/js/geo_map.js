/* The map explorer's own behaviour, shipped locally (see geo/assets.py).
 *
 * - spread: dots closer than a dot's width are pushed apart in screen pixels at the
 *   current zoom (recomputed on every zoom), so every carrier and project stays
 *   clickable; a thin line leads from a moved dot back to its true place.
 * - follow: a filter fits the map to what it leaves, unless the person has moved the
 *   map since (dragging or zooming).
 * - zone labels: font size follows the zoom; short names below zoom 12.
 * - legend: a collapse toggle; starts collapsed on narrow maps (phones).
 * - full screen: re-fits the district once the size has changed.
 *
 * Pure helpers (spreadPixels) take plain numbers so they can be tested under node.
 */
(function (root) {
  "use strict";
  var GOLDEN = Math.PI * (3 - Math.sqrt(5));

  /* Push points apart until no two are closer than minDist (pixels).
   * points: [{x, y}] (not modified). Returns new [{x, y}] in the same order.
   * Deterministic: identical points are first fanned out by the golden angle.
   * Numeric grid keys and typed arrays: string keys cost ~5x at thousands of dots. */
  function spreadPixels(points, minDist, iterations) {
    var n = points.length, i, j;
    var xs = new Float64Array(n), ys = new Float64Array(n), seen = {};
    for (i = 0; i < n; i++) {
      var key = Math.round(points[i].x * 10) + ":" + Math.round(points[i].y * 10);
      var k = seen[key] = (seen[key] || 0) + 1;
      var a = k * GOLDEN;
      var r = k > 1 ? 0.5 : 0;
      xs[i] = points[i].x + r * Math.cos(a);
      ys[i] = points[i].y + r * Math.sin(a);
    }
    var rounds = iterations === undefined ? 60 : iterations;
    // Cell keys: pixel coordinates stay below 2^27 at zoom 19, cells below 2^24.
    var W = 16777216;
    for (var it = 0; it < rounds; it++) {
      var grid = new Map(), moved = false;
      for (i = 0; i < n; i++) {
        var cell = Math.floor(xs[i] / minDist) * W + Math.floor(ys[i] / minDist);
        var list = grid.get(cell);
        if (list) { list.push(i); } else { grid.set(cell, [i]); }
      }
      for (i = 0; i < n; i++) {
        var cx = Math.floor(xs[i] / minDist), cy = Math.floor(ys[i] / minDist);
        for (var dx = -1; dx <= 1; dx++) {
          for (var dy = -1; dy <= 1; dy++) {
            var bucket = grid.get((cx + dx) * W + (cy + dy));
            if (!bucket) { continue; }
            for (var b = 0; b < bucket.length; b++) {
              j = bucket[b];
              if (j <= i) { continue; }
              var ex = xs[j] - xs[i], ey = ys[j] - ys[i];
              var d = Math.sqrt(ex * ex + ey * ey);
              if (d >= minDist - 1e-6) { continue; }
              if (d < 1e-9) { ex = Math.cos(j * GOLDEN); ey = Math.sin(j * GOLDEN); d = 1; }
              // Slight over-correction so chains settle in fewer rounds.
              var push = (minDist - d) / 2 * 1.05 / d;
              xs[i] -= ex * push; ys[i] -= ey * push;
              xs[j] += ex * push; ys[j] += ey * push;
              moved = true;
            }
          }
        }
      }
      if (!moved) { break; }
    }
    var q = new Array(n);
    for (i = 0; i < n; i++) { q[i] = {x: xs[i], y: ys[i]}; }
    return q;
  }

  // When the dots in view would cover more than this share of it, there is no room to
  // spread them: they would travel hundreds of pixels from their places (5,000 carriers
  // at the district's zoom) and the relaxation costs seconds. They stay where they are
  // until the person zooms in, where the same dots have room.
  var CROWDED = 0.35;

  function viewKey(map) {
    var b = map.getPixelBounds();
    return [map.getZoom(), b.min.x, b.min.y, b.max.x, b.max.y].join(":");
  }

  function spreadMap(map) {
    map._geoSpreadDue = false;
    map._geoLayersChanged = false;
    map._geoSpreadKey = viewKey(map);
    var layers = map._geoSpreadLayers || [];
    var items = [], owners = [], pts = [], gap = 0, z = map.getZoom();
    layers.forEach(function (entry) {
      gap = Math.max(gap, entry.size);
      entry.layer.eachLayer(function (l) {
        if (!l._geoTrue) { l._geoTrue = l.getLatLng(); }
        items.push(l);
        owners.push(entry.layer);
        pts.push(map.project(l._geoTrue, z));
      });
    });
    if (map._geoLeaders) { map._geoLeaders.clearLayers(); }
    if (!items.length) { return; }
    if (!map._geoLeaders) {
      map._geoLeaders = L.layerGroup().addTo(map);
    }
    // Only dots in view (plus a margin) are spread; a pan spreads the new view.
    var view = map.getPixelBounds(), margin = 4 * gap, near = [], nearPts = [];
    for (var k = 0; k < pts.length; k++) {
      var p = pts[k];
      if (p.x > view.min.x - margin && p.x < view.max.x + margin &&
          p.y > view.min.y - margin && p.y < view.max.y + margin) {
        near.push(k);
        nearPts.push(p);
      }
    }
    var area = Math.max(1, (view.max.x - view.min.x) * (view.max.y - view.min.y));
    map._geoCrowded = nearPts.length * gap * gap > CROWDED * area;
    var spreadOut = map._geoCrowded ? nearPts : spreadPixels(nearPts, gap);
    var out = pts.slice();
    for (var m = 0; m < near.length; m++) { out[near[m]] = spreadOut[m]; }
    map._geoCarrierAt = {};
    map._geoCarrierLayer = {};
    for (var i = 0; i < items.length; i++) {
      var moved = Math.abs(out[i].x - pts[i].x) + Math.abs(out[i].y - pts[i].y) > 0.5;
      var ll = moved ? map.unproject(L.point(out[i].x, out[i].y), z) : items[i]._geoTrue;
      // Each setLatLng redraws the dot: thousands of unmoved dots cost a visible pause.
      if (!items[i].getLatLng().equals(ll)) { items[i].setLatLng(ll); }
      var props = items[i].feature && items[i].feature.properties;
      if (props && props.kind === "carrier") {
        map._geoCarrierAt[props.id] = ll;
        map._geoCarrierLayer[props.id] = {dot: items[i], group: owners[i]};
      }
      if (moved && Math.abs(out[i].x - pts[i].x) + Math.abs(out[i].y - pts[i].y) > 3) {
        L.polyline([items[i]._geoTrue, ll], {
          color: "#555555", weight: 1, opacity: 0.7, interactive: false
        }).addTo(map._geoLeaders);
      }
    }
    placeHighlight(map);
  }

  /* One spread per burst of events: adding two layers and the first fit (zoom, move)
   * would otherwise spread every dot three or four times while the page loads. A zoom
   * spreads at once (zoomend), so a dot is where it will stay when the zoom ends; a
   * pan or a layer change spreads on the next tick, and not at all when a spread for
   * the same view and layers has run meanwhile. */
  function spreadSoon(map) {
    if (map._geoSpreadDue) { return; }
    map._geoSpreadDue = true;
    setTimeout(function () {
      if (!map._geoSpreadDue) { return; }
      if (!map._geoLayersChanged && viewKey(map) === map._geoSpreadKey) {
        map._geoSpreadDue = false;
        return;
      }
      spreadMap(map);
    }, 0);
  }

  function placeHighlight(map) {
    var ring = map._geoHighlight;
    if (!ring || !ring._map) { return; }
    var at = map._geoCarrierAt && map._geoCarrierAt[ring._geoCarrierId];
    ring.setLatLng(at || ring._geoTrue);
    if (!ring._geoTipShown) { showSelectedTip(map, ring); }
  }

  /* A click selects a carrier and reruns the page, which redraws the carriers and so
   * closed the tooltip the click had opened: on a phone, where the details land below
   * the map, a tap then seemed to do nothing. The selected carrier's tooltip is opened
   * again once its dot is drawn (a shared link opens on it too); the pointer reaching
   * another dot closes it, as any tooltip. */
  function showSelectedTip(map, ring) {
    var found = map._geoCarrierLayer && map._geoCarrierLayer[ring._geoCarrierId];
    var layer = found && found.dot, group = found && found.group;
    // A dot of the carriers drawn before this rerun is no longer on the map: wait for
    // the spread of the new ones, which places the ring again.
    if (!layer || !layer._map) { return; }
    var props = layer.feature && layer.feature.properties;
    if (!props || !props.tip) { return; }
    ring._geoTipShown = true;
    if (!layer.getTooltip()) { layer.bindTooltip(props.tip, {direction: "top"}); }
    layer.openTooltip();
    var other = function (e) {
      if (e.layer === layer) { return; }
      layer.closeTooltip();
      group.off("mouseover click", other);
    };
    group.on("mouseover click", other);
  }

  /* The selection ring follows its carrier's drawn (possibly spread) position. */
  function highlight(ring, carrierId) {
    ring._geoTrue = ring.getLatLng();
    ring._geoCarrierId = carrierId;
    var attach = function () {
      var map = ring._map;
      if (!map) { return; }
      map._geoHighlight = ring;
      placeHighlight(map);
    };
    ring.on("add", attach);
    if (ring._map) { attach(); }
  }

  /* Register a point layer (L.GeoJSON of markers) for spreading; size = min gap in px. */
  function spread(layer, size) {
    function attach() {
      var map = layer._map;
      if (!map) { return; }
      map._geoSpreadLayers = (map._geoSpreadLayers || []).filter(function (e) {
        return e.layer !== layer && e.layer._map;
      });
      map._geoSpreadLayers.push({layer: layer, size: size});
      if (!map._geoSpreadHooked) {
        map._geoSpreadHooked = true;
        map.on("zoomend viewreset", function () { spreadMap(map); });
        map.on("moveend", function () { spreadSoon(map); });
      }
      map._geoLayersChanged = true;
      spreadSoon(map);
    }
    layer.on("add", attach);
    layer.on("remove", function (e) {
      var map = e.target._mapToAdd || (e.target._geoLastMap);
      if (!map || !map._geoSpreadLayers) { return; }
      map._geoSpreadLayers = map._geoSpreadLayers.filter(function (x) { return x.layer !== layer; });
      map._geoLayersChanged = true;
      spreadSoon(map);
    });
    layer.on("add", function () { layer._geoLastMap = layer._map; });
    if (layer._map) { layer._geoLastMap = layer._map; attach(); }
  }

  function trackUser(map) {
    if (map._geoTracked) { return; }
    map._geoTracked = true;
    var mark = function () { if (!map._geoAuto) { map._geoUserMoved = true; } };
    map.on("dragstart", mark);
    map.on("zoomstart", mark);
    map.on("resize", function () {
      if (!map._geoUserMoved && map._geoTarget) { fitNow(map, map._geoTarget); }
    });
  }

  function fitNow(map, bounds) {
    // Keep an open legend (bottom right) off the fitted area.
    var legend = map.getContainer().querySelector(".geo-legend:not(.geo-collapsed)");
    var right = legend ? legend.offsetWidth + 16 : 12;
    map._geoAuto = true;
    try {
      map.fitBounds(bounds, {
        animate: false, paddingTopLeft: [12, 12], paddingBottomRight: [right, 12], maxZoom: 16
      });
    } finally {
      map._geoAuto = false;
    }
  }

  /* Fit the map to bounds [[s, w], [n, e]] when `group` is added, unless the person moved it. */
  function follow(group, bounds) {
    var run = function () {
      var map = group._map;
      if (!map) { return; }
      trackUser(map);
      map._geoTarget = bounds;
      if (!map._geoUserMoved) { fitNow(map, bounds); }
    };
    group.on("add", run);
    if (group._map) { run(); }  // plain folium pages add the group before this runs
  }

  function zoneLabels(map, labels, pane) {
    if (!map.getPane(pane)) {
      var p = map.createPane(pane);
      p.style.zIndex = 450;  // above the zones and dots' canvas, below markers and tips
      p.style.pointerEvents = "none";
    }
    labels.forEach(function (item) {
      var el = document.createElement("div");
      var long = document.createElement("span");
      long.className = "geo-zl-long";
      long.textContent = item.name;
      var short = document.createElement("span");
      short.className = "geo-zl-short";
      short.textContent = item.short || item.name;
      el.appendChild(long);
      el.appendChild(short);
      L.marker([item.lat, item.lon], {
        icon: L.divIcon({className: "geo-zone-label", html: el, iconSize: null}),
        interactive: false, keyboard: false, pane: pane
      }).addTo(map);
    });
    var size = function () {
      // Fractional zooms (zoomSnap 0.25): thresholds, not equality.
      var z = map.getZoom(), c = map.getContainer();
      var px = z < 12 ? 11 : z < 13 ? 12 : z < 14 ? 13 : 14;
      // A 4K wall display is read from metres away: half as large again.
      if (c.clientWidth >= 1800) { px = Math.round(px * 1.5); }
      c.style.setProperty("--geo-zl-size", px + "px");
      c.classList.toggle("geo-zl-low", z < 12.5);
    };
    map.on("zoomend resize", size);
    size();
  }

  function legendToggle(div, showText, hideText) {
    var button = div.querySelector(".geo-legend-toggle");
    var set = function (collapsed) {
      div.classList.toggle("geo-collapsed", collapsed);
      button.textContent = collapsed ? showText : hideText;
      button.setAttribute("aria-expanded", collapsed ? "false" : "true");
    };
    L.DomEvent.on(button, "click", function (e) {
      L.DomEvent.stop(e);
      set(!div.classList.contains("geo-collapsed"));
    });
    return set;
  }

  function refitOnFullscreen(map, bounds) {
    var refit = function () {
      map.invalidateSize({pan: false});
      fitNow(map, bounds);
    };
    var handler = function () {
      // The container has its new size only after this event; wait a frame. A zoom
      // animation still running would undo the fit when it ends: fit after it.
      setTimeout(function () {
        if (map._animatingZoom) { map.once("zoomend", refit); } else { refit(); }
      }, 60);
    };
    document.addEventListener("fullscreenchange", handler);
    document.addEventListener("webkitfullscreenchange", handler);
  }

  root.geoMap = {
    spreadPixels: spreadPixels,
    spread: spread,
    highlight: highlight,
    follow: follow,
    trackUser: trackUser,
    zoneLabels: zoneLabels,
    legendToggle: legendToggle,
    refitOnFullscreen: refitOnFullscreen
  };
})(typeof window !== "undefined" ? window : globalThis);

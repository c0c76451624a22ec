// Refreshes the dashboard's <main> in place every data-refresh-s seconds (the server renders it; no framework).
// Paused while the tab is hidden; a failed refresh says so and keeps the last figures.
(function () {
  "use strict";
  const seconds = Number(document.body.dataset.refreshS || 5);
  const state = document.getElementById("refresh-state");

  async function refresh() {
    if (document.hidden) return;
    try {
      const response = await fetch(window.location.href, { headers: { Accept: "text/html" }, cache: "no-store" });
      if (!response.ok) throw new Error("HTTP " + response.status);
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      document.querySelector("main").replaceWith(page.querySelector("main"));
      const stamp = page.querySelector("[data-figure=generated_at]");
      document.querySelector("[data-figure=generated_at]").replaceWith(stamp);
      document.title = page.title;
      state.textContent = "refreshes every " + seconds + " s";
      state.className = "";
    } catch (error) {
      state.textContent = "refresh failed (" + error.message + "); showing the last figures";
      state.className = "error";
    }
  }

  window.setInterval(refresh, seconds * 1000);
})();

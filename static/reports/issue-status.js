// On a report's page while a version's PDF is being drawn: ask every few seconds whether it is ready, and
// reload the page when it is (done or failed). Without this script the page says to refresh it.
const holder = document.getElementById("report-issues");
const urls = (holder?.dataset.statusUrls || "").split(" ").filter(Boolean);

async function check() {
  for (const url of urls) {
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    const { status } = await response.json();
    if (status === "done" || status === "failed") {
      window.location.reload();
      return;
    }
  }
  window.setTimeout(check, 3000);
}

if (urls.length) window.setTimeout(check, 2000);

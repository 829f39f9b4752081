// On the page that waits while an uploaded file is read: ask for the page again every few seconds. While the
// file is still being read, only the status line changes (it is a live region, so a screen reader says the new
// stage); once the answer is another page (what was read, or the upload page saying why it was refused), go
// there. Without this script, the page's "Check again" button does the same by hand.
const status = document.querySelector("[data-upload-status]");

async function check() {
  let response;
  try {
    response = await fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  } catch {
    window.setTimeout(check, 5000); // the network dropped for a moment: try again a little later
    return;
  }
  if (response.redirected || !response.ok) {
    window.location.assign(response.url);
    return;
  }
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const now = page.querySelector("[data-upload-status]");
  if (!now) {
    window.location.assign(response.url);
    return;
  }
  if (now.textContent !== status.textContent) status.textContent = now.textContent;
  window.setTimeout(check, 2000);
}

if (status) window.setTimeout(check, 2000);

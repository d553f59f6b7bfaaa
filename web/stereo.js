// Stereo on a phone in a viewer (cardboard): a button enters the app's side-by-side view
// and turns the view with the phone. Loaded by index.html as a module of its own:
//   <script type="module" src="./stereo.js"></script>
// It adds its button, asks for the phone's orientation (iOS only gives it after
// DeviceOrientationEvent.requestPermission() from a tap, and only over HTTPS), and calls
// the app's exported functions (src/camera/web_stereo.rs). Nothing here needs the rest of
// the page.
import { set_stereo, set_device_orientation, recentre_head } from "./venue-guide.js";

const LABEL_ENTER = "眼镜模式 · Viewer";
const LABEL_LEAVE = "退出眼镜 · Exit viewer";
const LABEL_NO_MOTION = "（无体感 · no head tracking）";

const button = document.createElement("button");
button.id = "stereo-button";
button.type = "button";
button.textContent = LABEL_ENTER;
button.style.cssText = [
  "position: fixed", "left: 12px", "bottom: 12px", "z-index: 10",
  "padding: 10px 16px", "border: 0", "border-radius: 10px",
  "font-size: 18px", "font-family: inherit", "color: #fff", "background: rgba(18, 22, 29, 0.8)",
].join(";");
document.body.appendChild(button);
// Shown once the app is on screen (index.html marks the page "ready"); until then a tap
// could not reach it.
const showWhenReady = () => {
  button.style.display = document.documentElement.dataset.state === "ready" ? "" : "none";
};
showWhenReady();
new MutationObserver(showWhenReady).observe(document.documentElement, { attributes: true, attributeFilter: ["data-state"] });

let on = false;

function screenAngle() {
  if (screen.orientation && typeof screen.orientation.angle === "number") return screen.orientation.angle;
  return typeof window.orientation === "number" ? window.orientation : 0;
}

function onOrientation(e) {
  if (e.alpha === null || e.beta === null || e.gamma === null) return;
  set_device_orientation(e.alpha, e.beta, e.gamma, screenAngle());
}

// Asks for the phone's orientation: granted without asking on Android; on iOS only from
// this tap and over HTTPS. Resolves to whether head look can work.
async function motionAllowed() {
  if (!window.isSecureContext || typeof DeviceOrientationEvent === "undefined") return false;
  if (typeof DeviceOrientationEvent.requestPermission === "function") {
    try {
      return (await DeviceOrientationEvent.requestPermission()) === "granted";
    } catch (_) {
      return false;
    }
  }
  return true;
}

async function enter() {
  const motion = await motionAllowed();
  // Full screen and landscape where the browser allows it (a viewer holds the phone
  // sideways); either may be refused, which changes nothing else.
  try { await document.documentElement.requestFullscreen?.(); } catch (_) { /* stays windowed */ }
  try { await screen.orientation?.lock?.("landscape"); } catch (_) { /* stays as held */ }
  set_stereo("sbs");
  if (motion) {
    recentre_head();
    addEventListener("deviceorientation", onOrientation);
  }
  on = true;
  button.textContent = motion ? LABEL_LEAVE : LABEL_LEAVE + LABEL_NO_MOTION;
}

async function leave() {
  removeEventListener("deviceorientation", onOrientation);
  set_stereo("off");
  try { screen.orientation?.unlock?.(); } catch (_) { /* nothing locked */ }
  if (document.fullscreenElement) {
    try { await document.exitFullscreen(); } catch (_) { /* already left */ }
  }
  on = false;
  button.textContent = LABEL_ENTER;
}

button.addEventListener("click", () => {
  // Before the app has started its exports throw: the tap is simply ignored.
  (on ? leave() : enter()).catch((e) => console.warn("stereo:", e));
});
// Leaving full screen with the system's gesture leaves the viewer too.
document.addEventListener("fullscreenchange", () => {
  if (on && !document.fullscreenElement) leave().catch((e) => console.warn("stereo:", e));
});

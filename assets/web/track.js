/* Phone tracking page: renders the ticket from the JSON the server embedded, then asks again
 * every few seconds (plain XMLHttpRequest with a timeout: slow mobile networks, old WebViews).
 * Stops asking once the ticket is final; pauses while the page is hidden; backs off on errors. */
(function () {
  "use strict";
  var TEXT = {
    zh: {
      label: "您的号码", waiting: "等候中", called: "请到{w}办理", serving: "正在{w}办理",
      servingNoWindow: "办理中", done: "已办结", no_show: "已过号", held: "暂时挂起", cancelled: "已取消",
      dayClosed: "今日服务已结束", ahead: "前面还有 <strong>{n}</strong> 人", next: "下一位就是您，请留意叫号",
      estimate: "预计等候约 {m} 分钟", range: "预计等候 约 {a}–{b} 分钟", toWindow: "已转至{w}，请继续等候",
      calledHint: "请尽快前往窗口，过号需重新取号", heldHint: "请留意窗口工作人员的通知",
      noShowHint: "如需办理，请重新取号", dayClosedHint: "如需办理，请在办公时间重新取号",
      doneHint: "感谢您的耐心等候", updated: "更新于 {t}", offline: "网络不稳定，正在重试…",
      gone: "未找到该号码", goneHint: "该链接无效或已过期。",
      nearbyLabel: "附近大厅更快", nearby: "{h} 现在约等 {m} 分钟（路程约 {t} 分钟）",
      nearbyNow: "{h} 现在无需等候（路程约 {t} 分钟）"
    },
    en: {
      label: "Your number", waiting: "Waiting", called: "Please go to {w}", serving: "Being served at {w}",
      servingNoWindow: "Being served", done: "Completed", no_show: "Missed", held: "On hold", cancelled: "Cancelled",
      dayClosed: "Closed for today", ahead: "<strong>{n}</strong> people ahead of you", next: "You are next, please watch the screen",
      estimate: "Estimated wait about {m} min", range: "Expected wait about {a}–{b} min", toWindow: "Transferred to {w}, please keep waiting",
      calledHint: "Please go to the window now; a missed number needs a new ticket",
      heldHint: "Please wait for the window staff to call you back", noShowHint: "Please take a new ticket if you still need the service",
      dayClosedHint: "Please take a new ticket during opening hours", doneHint: "Thank you for waiting",
      updated: "Updated {t}", offline: "The network is unstable; retrying…",
      gone: "Ticket not found", goneHint: "This link is not valid or has expired.",
      nearbyLabel: "Faster at a hall nearby", nearby: "{h}: about {m} min wait now ({t} min away)",
      nearbyNow: "{h}: no wait now ({t} min away)"
    }
  };
  var page = document.getElementById("page");
  var lang = page.getAttribute("data-lang") === "en" ? "en" : "zh";
  var endpoint = page.getAttribute("data-endpoint");
  var T = TEXT[lang];
  var delay = 5000, failures = 0, timer = null, stopped = false;

  function fill(s, values) {
    return s.replace(/\{(\w)\}/g, function (_, k) { return String(values[k]); });
  }
  // A window by the name the server gives it in both languages (hall_rules.names: "1号窗口", "Window 1").
  function named(zh, en) { return (lang === "en" ? en || zh : zh) || ""; }
  function set(id, text, html) {
    var el = document.getElementById(id);
    if (html) { el.innerHTML = text; } else { el.textContent = text; }
    el.hidden = !text;
  }
  function clock() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds());
  }

  // Another hall clearly faster for this service (the server applies hall_rules.nearby), or nothing.
  function nearby(n) {
    var box = document.getElementById("nearby");
    if (!n) { box.hidden = true; return; }
    var name = lang === "en" ? n.name_en || n.name : n.name;
    var m = Number(n.wait_minutes) || 0, t = Number(n.travel_minutes) || 0;
    set("nearby-label", T.nearbyLabel);
    set("nearby-text", fill(m > 0 ? T.nearby : T.nearbyNow, {h: name, m: m, t: t}));
    set("nearby-address", n.address);
    box.hidden = false;
  }

  function render(t) {
    var state = document.getElementById("state");
    var stateText, stateClass = "state", detail = "", wait = "";
    set("number-label", T.label);
    set("number", t.number);
    set("service", lang === "en" ? t.category_name_en : t.category_name);
    set("hall", lang === "en" ? t.hall_name_en : t.hall_name);
    if (t.day_closed) {
      stateText = T.dayClosed; stateClass += " state-gone"; detail = T.dayClosedHint;
    } else if (t.state === "waiting") {
      stateText = T.waiting;
      if (t.target_window) { detail = fill(T.toWindow, {w: named(t.target_window_name, t.target_window_name_en)}); }
      // Numbers only ever come from the server's JSON model; escaped anyway before innerHTML.
      var n = Number(t.people_ahead) || 0, m = Number(t.estimated_wait_minutes) || 0;
      // The promised range when the server has one (a window is open), else the point estimate as before.
      var ranged = t.wait_low_minutes != null && t.wait_high_minutes != null;
      var estimate = ranged ? fill(T.range, {a: Number(t.wait_low_minutes), b: Number(t.wait_high_minutes)})
        : (m > 0 ? fill(T.estimate, {m: m}) : "");
      wait = (n === 0 ? T.next : fill(T.ahead, {n: n}) + (estimate ? "<br>" + estimate : ""));
    } else if (t.state === "called") {
      stateText = fill(T.called, {w: named(t.window_name, t.window_name_en)}); stateClass += " state-called"; detail = T.calledHint;
    } else if (t.state === "serving") {
      stateText = t.window ? fill(T.serving, {w: named(t.window_name, t.window_name_en)}) : T.servingNoWindow; stateClass += " state-serving";
    } else if (t.state === "done") {
      stateText = T.done; stateClass += " state-done"; detail = T.doneHint;
    } else if (t.state === "held") {
      stateText = T.held; detail = T.heldHint;
    } else if (t.state === "no_show") {
      stateText = T.no_show; stateClass += " state-gone"; detail = T.noShowHint;
    } else {
      stateText = T.cancelled; stateClass += " state-gone";
    }
    state.className = stateClass;
    state.setAttribute("data-state", t.day_closed ? "day_closed" : t.state);
    set("state", stateText);
    set("detail", detail);
    set("wait", wait, true);
    nearby(t.state === "waiting" && !t.day_closed ? t.nearby : null);
    set("updated", fill(T.updated, {t: clock()}));
    document.title = t.number + " · " + stateText;
    if (t.poll_seconds > 0) { delay = t.poll_seconds * 1000; }
    if (t.final) { stopped = true; }
  }

  function gone() {
    stopped = true;
    var state = document.getElementById("state");
    state.className = "state state-gone";
    state.setAttribute("data-state", "gone");
    set("state", T.gone);
    set("detail", T.goneHint);
    set("wait", "");
    nearby(null);
    set("notice", "");
  }

  function schedule(ms) {
    if (timer) { clearTimeout(timer); }
    timer = stopped ? null : setTimeout(poll, ms);
  }

  function poll() {
    timer = null;
    if (stopped) { return; }
    if (document.hidden) { return; }  // resumed by visibilitychange
    var xhr = new XMLHttpRequest();
    xhr.open("GET", endpoint, true);
    xhr.timeout = 15000;
    xhr.setRequestHeader("Accept", "application/json");
    xhr.onload = function () {
      if (xhr.status === 200) {
        failures = 0;
        set("notice", "");
        try { render(JSON.parse(xhr.responseText)); } catch (e) { failed(); return; }
        schedule(delay);
      } else if (xhr.status === 404) {
        gone();
      } else {
        failed();
      }
    };
    xhr.onerror = xhr.ontimeout = failed;
    xhr.send();
  }

  function failed() {
    failures += 1;
    set("notice", T.offline);
    schedule(Math.min(delay * Math.pow(2, failures), 60000));
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !stopped) { schedule(0); }
  });

  render(JSON.parse(document.getElementById("track-data").textContent));
  schedule(delay);
})();

/* Wren default theme: small enhancements. Every page reads fine without this file. */
(function () {
  "use strict";

  function store() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  /* Chapters a reader has opened, per course, kept in this browser only. */
  function openedChapters(course) {
    var storage = store();
    if (!storage) { return []; }
    try { return JSON.parse(storage.getItem("wren:opened:" + course) || "[]"); } catch (error) { return []; }
  }

  function rememberChapter(article) {
    var storage = store();
    var course = article.getAttribute("data-course");
    var chapter = article.getAttribute("data-chapter");
    var opened = openedChapters(course);
    if (opened.indexOf(chapter) < 0) {
      opened.push(chapter);
      try { storage.setItem("wren:opened:" + course, JSON.stringify(opened)); } catch (error) { /* full or blocked */ }
    }
  }

  function markOpened(list, current) {
    var opened = openedChapters(list.getAttribute("data-course"));
    var items = list.querySelectorAll("li[data-url]");
    var count = 0;
    items.forEach(function (item) {
      var url = item.getAttribute("data-url");
      if (opened.indexOf(url) < 0 || url === current) { return; }
      count += 1;
      item.classList.add("opened");
      var mark = document.createElement("span");
      mark.className = "opened-mark";
      mark.textContent = "Opened before";
      (item.querySelector(".entry-title") || item).appendChild(mark);
    });
    return { count: count, total: items.length };
  }

  function showCourseProgress() {
    var list = document.querySelector(".chapter-list[data-course]");
    var line = document.getElementById("course-progress");
    if (!list || !line) { return; }
    var seen = markOpened(list, null);
    if (seen.count > 0) {
      line.textContent = "You have opened " + seen.count + " of " + seen.total + " chapters in this browser.";
      line.hidden = false;
    }
  }

  /* The chapter list: open beside the text on wide screens, folded away on phones. */
  var WIDE = window.matchMedia("(min-width: 70rem)");

  function followWidth() {
    var nav = document.querySelector(".course-nav details");
    if (nav) { nav.open = WIDE.matches; }
  }

  function setUpChapterList() {
    var nav = document.querySelector(".course-nav details");
    if (!nav) { return; }
    followWidth();
    var current = nav.querySelector("[aria-current=page]");
    markOpened(nav.querySelector("ol"), current ? current.closest("li").getAttribute("data-url") : null);
  }

  /* ← and → follow the previous and next links, as in mdBook; never while typing. */
  function followKey(event) {
    var pager = document.querySelector("nav.pager[data-keyboard]");
    if (!pager || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) { return; }
    var link = pager.querySelector('a[data-key="' + event.key + '"]');
    if (link) {
      event.preventDefault();
      window.location.href = link.href;
    }
  }

  function showKeyHint() {
    var hint = document.querySelector(".key-hint");
    if (hint && document.querySelector("nav.pager[data-keyboard]") && window.matchMedia("(hover: hover)").matches) {
      hint.hidden = false;
    }
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var done = document.execCommand("copy");
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  /* A copy button on every code block. */
  function setUpCopyButtons() {
    document.querySelectorAll(".code-block").forEach(function (block) {
      var pre = block.querySelector("pre");
      if (!pre) { return; }
      var head = block.querySelector(".code-head");
      if (!head) {
        head = document.createElement("div");
        head.className = "code-head";
        head.setAttribute("data-pagefind-ignore", "");
        block.insertBefore(head, pre);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-code";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy code");
      var status = document.createElement("span");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        copyText(pre.innerText).then(function () {
          button.textContent = "Copied";
          status.textContent = "Code copied";
        }, function () {
          button.textContent = "Copy failed";
          status.textContent = "Could not copy the code";
        });
        window.setTimeout(function () { button.textContent = "Copy"; status.textContent = ""; }, 2000);
      });
      head.appendChild(button);
      head.appendChild(status);
    });
  }

  /* Everything above works on the body; `wren serve` may swap in a new body and run this
     script again (data-wren-rerun), so listeners on the window and the document, which
     outlive the body, are added once and look the elements up when they fire. */
  function listenOnce() {
    if (window.wrenThemeListens) { return; }
    window.wrenThemeListens = true;
    if (WIDE.addEventListener) { WIDE.addEventListener("change", followWidth); }
    document.addEventListener("keydown", followKey);
  }

  function start() {
    var article = document.querySelector("article[data-chapter]");
    if (article && store()) { rememberChapter(article); }
    listenOnce();
    setUpChapterList();
    showKeyHint();
    showCourseProgress();
    setUpCopyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());

// Timeline charts (Mermaid Gantt, as Timeline.to_mermaid() writes them) that
// read at 1280 px and at 390 px. Loaded after mermaid.min.js and before
// Material renders the diagrams, it wraps mermaid.render so that each Gantt:
//
// - is drawn at the width of the text column, not of the window, so it is
//   not scaled down (Mermaid measures the <body> Material renders it in);
//   wider when a bar's label would not fit in or beside its bar: then the
//   chart scrolls sideways in its own box (extra.css), never the page;
// - has 12 px labels, axis dates included (Mermaid's axis has 10 px);
// - has as many date ticks as fit side by side (a week, two, a month...);
// - shows PERMITTED (Mermaid's `done`) in green and LICENSE REQUIRED and
//   PROHIBITED (`crit`) in red, with dark text.
//
// scripts/check_site.py measures the result at both widths.
(function () {
  "use strict";
  if (typeof mermaid === "undefined" || mermaid.__aicontrolsCharts) return;
  mermaid.__aicontrolsCharts = true;

  var FONT = 12;
  var DAY = 86400000;
  // Mermaid's tick intervals, shortest first, with their length in days
  var INTERVALS = [
    ["1day", 1], ["2day", 2], ["1week", 7], ["2week", 14],
    ["1month", 30.5], ["2month", 61], ["3month", 91.5], ["6month", 183],
    ["12month", 365.25], // the longest: d3 counts months within a year
  ];

  function columnWidth() {
    var inner = document.querySelector(".md-content__inner") || document.body;
    var style = getComputedStyle(inner);
    return Math.floor(
      inner.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    );
  }

  function span(text) {
    var days = (text.match(/\b\d{4}-\d{2}-\d{2}\b/g) || []).map(Date.parse);
    return days.length ? (Math.max.apply(null, days) - Math.min.apply(null, days)) / DAY : 0;
  }

  // The room a date label takes on the axis, with a gap.
  function labelWidth(text) {
    var format = /^\s*axisFormat\s+(.+)$/m.exec(text);
    var sample = format ? format[1].replace(/%Y/g, "0000").replace(/%./g, "00") : "0000-00-00";
    return sample.length * FONT * 0.62 + 14;
  }

  function tickInterval(text, axisWidth) {
    var label = labelWidth(text);
    var days = span(text);
    for (var i = 0; i < INTERVALS.length; i++) {
      if ((days / INTERVALS[i][1]) * label <= axisWidth) return INTERVALS[i][0];
    }
    return "12month";
  }

  // The bars of a chart: where each starts and ends, as shares of its span,
  // and the length of its label.
  function tasks(text) {
    var days = (text.match(/\b\d{4}-\d{2}-\d{2}\b/g) || []).map(Date.parse);
    var first = Math.min.apply(null, days), total = Math.max.apply(null, days) - first;
    var found = [];
    text.split("\n").forEach(function (line) {
      var task = /^\s*(.+?)\s*:[^:]*?(\d{4}-\d{2}-\d{2})[^,]*,\s*(\d{4}-\d{2}-\d{2})/.exec(line);
      if (task && total > 0) {
        found.push({
          a: (Date.parse(task[2]) - first) / total,
          b: (Date.parse(task[3]) - first) / total,
          chars: task[1].length,
        });
      }
    });
    return found;
  }

  // Whether, at width w, Mermaid can put every bar's label in its bar, right
  // of it, or left of it within the chart (else it cuts the label off).
  function labelsFit(bars, w, left, right) {
    var inner = w - left - right;
    return bars.every(function (t) {
      var sx = left + t.a * inner, ex = left + t.b * inner;
      var tw = t.chars * FONT * 0.58;
      return ex - sx >= tw + 10 || ex + tw + 1.5 * left <= w || sx - tw - 5 >= 0;
    });
  }

  function chartWidth(text, left, right) {
    var bars = tasks(text);
    // at least 240 px of time axis beside the section names
    var w = Math.max(columnWidth(), 300, left + right + 240);
    // and room for a date a year, however long the span
    w = Math.max(w, Math.ceil(left + right + (span(text) / 365.25) * labelWidth(text)));
    while (w < 1200 && !labelsFit(bars, w, left, right)) w += 20;
    return w;
  }

  function directive(text) {
    // the chart's own left padding (a regime page's, in its front matter)
    var own = /^\s*leftPadding:\s*(\d+)/m.exec(text);
    var left = own ? +own[1] : 75, right = 40; // room for half of the last date
    var width = chartWidth(text, left, right);
    var config = {
      gantt: {
        useWidth: width,
        useMaxWidth: false, // drawn to size: scaled down, its labels would shrink
        fontSize: FONT,
        sectionFontSize: FONT,
        barHeight: 24,
        barGap: 6,
        leftPadding: left,
        rightPadding: right,
        tickInterval: tickInterval(text, width - left - right),
      },
      themeVariables: {
        doneTaskBkgColor: "#66bb6a",
        doneTaskBorderColor: "#2e7d32",
        critBkgColor: "#e57373",
        critBorderColor: "#c62828",
        taskTextDarkColor: "#1b1b1b",
        taskTextColor: "#1b1b1b",
      },
    };
    return "%%{init: " + JSON.stringify(config) + "}%%\n";
  }

  // A diagram's type: its first word after any front matter (--- ... ---).
  function kind(text) {
    var body = text.replace(/^\s*---\n[\s\S]*?\n---\n/, "");
    var first = /^\s*(?:%%.*\n\s*)*(\w[\w-]*)/.exec(body);
    return first ? first[1] : "";
  }

  // Other diagrams (flowcharts) are drawn at their own size, not scaled
  // down to the column: when wider, they scroll in their own box.
  var NATURAL = "%%{init: " + JSON.stringify({
    flowchart: { useMaxWidth: false },
  }) + "}%%\n";

  // The text with a directive after its front matter (which must come first).
  function withDirective(text, directive) {
    var front = /^\s*---\n[\s\S]*?\n---\n/.exec(text);
    var head = front ? front[0] : "";
    return head + directive + text.slice(head.length);
  }

  var render = mermaid.render.bind(mermaid);
  mermaid.render = function (id, text) {
    var rest = Array.prototype.slice.call(arguments, 2);
    var type = kind(text);
    if (type === "flowchart" || type === "graph") {
      return render.apply(null, [id, withDirective(text, NATURAL)].concat(rest));
    }
    if (type !== "gantt") return render.apply(null, [id, text].concat(rest));
    return render.apply(null, [id, withDirective(text, directive(text))].concat(rest)).then(function (out) {
      // the axis labels: d3 sets font-size="10" on the axis group
      out.svg = out.svg.replace(
        /<style>/,
        "<style>#" + id + " .tick text{font-size:" + FONT + "px}"
      );
      return out;
    });
  };
})();

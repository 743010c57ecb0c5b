#include "html/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "html/html_escape.hpp"

namespace accessgraph::html {
namespace {

double largest(const std::vector<Bar>& bars) {
  double top = 0;
  for (const Bar& bar : bars) top = std::max(top, bar.value);
  return top > 0 ? top : 1;
}

std::string shown(const Bar& bar) { return bar.shown.empty() ? fmt::format("{:g}", bar.value) : bar.shown; }

std::string open_svg(const std::string& title, int width, int height) {
  return fmt::format(
      "<figure class=\"chart\"><figcaption>{0}</figcaption>"
      "<svg class=\"chart\" role=\"img\" aria-label=\"{0}\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">",
      escape(title), width, height);
}

}  // namespace

std::string column_chart(const std::string& title, const std::vector<Bar>& bars) {
  constexpr int kColumn = 34, kPlot = 160, kTop = 18, kBottom = 34, kLeft = 8;
  const int width = kLeft * 2 + kColumn * static_cast<int>(bars.size());
  std::string out = open_svg(title, width, kTop + kPlot + kBottom);
  const double top = largest(bars);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double height = bar.value > 0 ? std::max(1.0, kPlot * bar.value / top) : 0;
    const int x = kLeft + kColumn * static_cast<int>(i);
    out += fmt::format(
        "<rect class=\"bar\" x=\"{}\" y=\"{:.1f}\" width=\"{}\" height=\"{:.1f}\"><title>{}: {}</title></rect>", x + 3,
        kTop + kPlot - height, kColumn - 6, height, escape(bar.label), escape(shown(bar)));
    out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", x + kColumn / 2,
                       kTop + kPlot - height - 4, escape(shown(bar)));
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x + kColumn / 2, kTop + kPlot + 14,
                       escape(bar.label));
  }
  out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", kLeft, kTop + kPlot,
                     width - kLeft, kTop + kPlot);
  out += "</svg></figure>";
  return out;
}

std::string row_chart(const std::string& title, const std::vector<Bar>& bars) {
  constexpr int kRow = 22, kLabel = 190, kPlot = 330, kValue = 90;
  const int width = kLabel + kPlot + kValue, height = kRow * static_cast<int>(bars.size()) + 8;
  std::string out = open_svg(title, width, height);
  const double top = largest(bars);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double length = bar.value > 0 ? std::max(1.0, kPlot * bar.value / top) : 0;
    const int y = 4 + kRow * static_cast<int>(i);
    std::string label = bar.label;
    if (label.size() > 28) {  // cut on a UTF-8 character boundary
      std::size_t cut = 27;
      while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;
      label = label.substr(0, cut) + "…";
    }
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLabel - 6,
                       y + kRow - 8, escape(label));
    out += fmt::format(
        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\"><title>{}: {}</title></rect>", kLabel, y + 3,
        length, kRow - 6, escape(bar.label), escape(shown(bar)));
    out += fmt::format("<text class=\"value\" x=\"{:.1f}\" y=\"{}\" text-anchor=\"start\">{}</text>",
                       kLabel + length + 4, y + kRow - 8, escape(shown(bar)));
  }
  out += "</svg></figure>";
  return out;
}

}  // namespace accessgraph::html

#include "html/html_escape.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace accessgraph::html {
namespace {

TEST(HtmlEscape, MarkupBecomesText) {
  EXPECT_EQ(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(escape(R"(<img src=x onerror="a='b'">)"), "&lt;img src=x onerror=&quot;a=&#39;b&#39;&quot;&gt;");
  EXPECT_EQ(escape("Tom & Jerry"), "Tom &amp; Jerry");
  EXPECT_EQ(escape("&amp;"), "&amp;amp;");  // escaped once more, never read as an entity
  EXPECT_EQ(escape("Zoë Ødegård"), "Zoë Ødegård");  // UTF-8 untouched
}

TEST(HtmlEscape, JsonInAScriptCannotEndTheScript) {
  const nlohmann::json value = {{"name", "</script><script>alert(1)</script><!-- & \u2028 \u2029 >"}};
  const std::string text = escape_script_json(value.dump());
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_EQ(text.find('>'), std::string::npos);
  EXPECT_EQ(text.find('&'), std::string::npos);
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(text.find("\xE2\x80\xA9"), std::string::npos);
  EXPECT_NE(text.find("\\u003c/script\\u003e"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(text), value);  // the same value once parsed
}

TEST(HtmlEscape, FileNamesStayInsideTheFolder) {
  EXPECT_EQ(file_name_for("u-alice_2"), "u-alice_2");
  EXPECT_EQ(file_name_for("../etc/passwd"), "~2E~2E~2Fetc~2Fpasswd");
  EXPECT_EQ(file_name_for("a b\"<"), "a~20b~22~3C");
  EXPECT_EQ(file_name_for("~"), "~7E");  // the escape character itself is escaped: names stay distinct
  EXPECT_EQ(file_name_for(""), "~");
  EXPECT_NE(file_name_for("a.b"), file_name_for("a~2Eb"));
}

}  // namespace
}  // namespace accessgraph::html

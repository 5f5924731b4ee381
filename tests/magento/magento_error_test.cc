// SPDX-License-Identifier: Apache-2.0
#include "m2drop/magento/magento_error.h"

#include <gtest/gtest.h>

#include <string>

namespace m2drop::magento {
namespace {

using nlohmann::json;

TEST(FillTemplateTest, FillsPositionalParameters) {
  EXPECT_EQ(FillTemplate("A shipment cannot be created when an order has a "
                         "status of %1",
                         json::array({"holded"})),
            "A shipment cannot be created when an order has a status of "
            "holded");
  EXPECT_EQ(FillTemplate("%2 before %1", json::array({"one", "two"})),
            "two before one");
}

TEST(FillTemplateTest, TenthParameterIsNotFirstFollowedByZero) {
  json params = json::array();
  for (int i = 1; i <= 10; ++i) params.push_back("v" + std::to_string(i));
  EXPECT_EQ(FillTemplate("%1|%10|%2", params), "v1|v10|v2");
}

TEST(FillTemplateTest, FillsNamedParameters) {
  EXPECT_EQ(FillTemplate("No such entity with %fieldName = %fieldValue",
                         json{{"fieldName", "increment_id"},
                              {"fieldValue", "000000123"}}),
            "No such entity with increment_id = 000000123");
  EXPECT_EQ(FillTemplate("The consumer isn't authorized to access %resources.",
                         json{{"resources", "Magento_Sales::sales"}}),
            "The consumer isn't authorized to access Magento_Sales::sales.");
}

TEST(FillTemplateTest, LongestNamedPlaceholderWins) {
  EXPECT_EQ(FillTemplate("%field and %fieldName",
                         json{{"field", "F"}, {"fieldName", "FN"}}),
            "F and FN");
}

TEST(FillTemplateTest, LeavesPlaceholdersWithoutValues) {
  EXPECT_EQ(FillTemplate("%1 and %2", json::array({"x"})), "x and %2");
  EXPECT_EQ(FillTemplate("\"%fieldName\" is required.", json::object()),
            "\"%fieldName\" is required.");
  EXPECT_EQ(FillTemplate("%max items", json()), "%max items");
  EXPECT_EQ(FillTemplate("100% sure", json::array({"x"})), "100% sure");
}

TEST(FillTemplateTest, PrintsNonStringValuesLikePhp) {
  EXPECT_EQ(FillTemplate("Maximum items of type \"%type\" is %max",
                         json{{"type", "SourceItemInterface"}, {"max", 20}}),
            "Maximum items of type \"SourceItemInterface\" is 20");
  EXPECT_EQ(FillTemplate("[%1][%2][%3]", json::array({true, false, nullptr})),
            "[1][][]");
}

TEST(ParseMagentoErrorTest, ParsesUsualEnvelopeWithNamedParameters) {
  MagentoError e = ParseMagentoError(
      401,
      R"({"message":"The consumer isn't authorized to access %resources.",)"
      R"("parameters":{"resources":"Magento_Sales::sales"}})",
      {});
  EXPECT_EQ(e.http_status, 401);
  EXPECT_EQ(e.raw_message,
            "The consumer isn't authorized to access %resources.");
  EXPECT_EQ(e.message,
            "The consumer isn't authorized to access Magento_Sales::sales.");
  EXPECT_EQ(e.parameters["resources"], "Magento_Sales::sales");
  EXPECT_TRUE(e.errors.empty());
  EXPECT_EQ(e.code, 0);
}

TEST(ParseMagentoErrorTest, FillsEveryEntryOfErrors) {
  MagentoError e = ParseMagentoError(
      400,
      R"({"message":"Validation Failed: \"sku\" can not be empty.",)"
      R"("errors":[{"message":"\"%field\" can not be empty.",)"
      R"("parameters":{"field":"sku"}},)"
      R"({"message":"\"%field\" can not contain leading or trailing spaces.",)"
      R"("parameters":{"field":"sku"}}]})",
      {});
  EXPECT_EQ(e.message, "Validation Failed: \"sku\" can not be empty.");
  ASSERT_EQ(e.errors.size(), 2u);
  EXPECT_EQ(e.errors[0], "\"sku\" can not be empty.");
  EXPECT_EQ(e.errors[1], "\"sku\" can not contain leading or trailing spaces.");
}

TEST(ParseMagentoErrorTest, KeepsNonZeroCodeAndPositionalParameters) {
  MagentoError e =
      ParseMagentoError(400,
                        R"({"message":"Signature method %1 is not supported",)"
                        R"("parameters":["HMAC-SHA1"],"code":7})",
                        {});
  EXPECT_EQ(e.message, "Signature method HMAC-SHA1 is not supported");
  EXPECT_EQ(e.code, 7);
}

TEST(ParseMagentoErrorTest, ParsesPhpFatalEnvelope) {
  MagentoError e = ParseMagentoError(
      500,
      R"({"messages":{"error":[{"code":500,"message":)"
      R"("Server internal error. See details in report api/123"}]}})",
      {});
  EXPECT_EQ(e.message, "Server internal error. See details in report api/123");
  EXPECT_EQ(e.code, 500);
}

TEST(ParseMagentoErrorTest, KeepsMultilineDocumentValidationMessage) {
  MagentoError e = ParseMagentoError(
      400,
      R"({"message":"Shipment Document Validation Error(s):\nThe order does )"
      R"(not allow a shipment to be created.\nYou can't create a shipment )"
      R"(without products."})",
      {});
  EXPECT_NE(e.message.find("The order does not allow a shipment to be "
                           "created."),
            std::string::npos);
}

TEST(ParseMagentoErrorTest, StripsHtmlFromProxyPages) {
  MagentoError e = ParseMagentoError(
      502,
      "<html><head><title>502 Bad Gateway</title></head>\r\n<body>"
      "<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>"
      "</body></html>",
      {});
  EXPECT_EQ(e.message, "502 Bad Gateway 502 Bad Gateway nginx");
}

TEST(ParseMagentoErrorTest, CutsLongBodiesToAShortExcerpt) {
  std::string body(5000, 'x');
  MagentoError e = ParseMagentoError(503, body, {});
  EXPECT_LE(e.message.size(), 203u);
  EXPECT_EQ(e.message.substr(e.message.size() - 3), "...");
}

TEST(ParseMagentoErrorTest, NeverCutsInsideAUtf8Sequence) {
  std::string body;
  for (int i = 0; i < 150; ++i) body += "\xc3\xa4";  // "ä" x 150
  MagentoError e = ParseMagentoError(500, body, {});
  EXPECT_EQ(e.message.size(), 203u);
  EXPECT_EQ(e.message.substr(0, 2), "\xc3\xa4");
}

TEST(ParseMagentoErrorTest, EmptyBodySaysSo) {
  EXPECT_EQ(ParseMagentoError(504, "", {}).message,
            "HTTP 504 with an empty body");
  EXPECT_EQ(ParseMagentoError(502, "<html></html>", {}).message,
            "HTTP 502 with no readable text in the body");
}

TEST(ParseMagentoErrorTest, UnexpectedJsonBecomesExcerpt) {
  EXPECT_EQ(ParseMagentoError(400, R"({"error":"nope"})", {}).message,
            R"({"error":"nope"})");
}

// Issue 17: a proxy or shop echoing the request. Whatever envelope carries
// it, the secrets the caller names and the well-known shapes are masked in
// every text of the error.
TEST(ParseMagentoErrorTest, MasksEchoedSecretsInEveryText) {
  const std::vector<std::string> secrets = {"tok-SECRET-1", "PW-secret-2"};
  MagentoError e = ParseMagentoError(
      400,
      R"({"message":"Bad request from %1 with %2","parameters":)"
      R"(["Authorization: Bearer tok-SECRET-1",{"password":"PW-secret-2"}],)"
      R"("errors":[{"message":"echo %1","parameters":["tok-SECRET-1"]}]})",
      secrets);
  for (const std::string* text : {&e.message, &e.raw_message, &e.errors[0]}) {
    EXPECT_EQ(text->find("tok-SECRET-1"), std::string::npos) << *text;
    EXPECT_EQ(text->find("PW-secret-2"), std::string::npos) << *text;
  }
  EXPECT_EQ(e.message.find("Bad request from Authorization: "), 0u)
      << e.message;
  EXPECT_EQ(e.parameters.dump().find("SECRET"), std::string::npos)
      << e.parameters.dump();
  EXPECT_EQ(e.parameters.dump().find("secret"), std::string::npos)
      << e.parameters.dump();

  MagentoError fatal = ParseMagentoError(
      500, R"({"messages":{"error":[{"message":"header: Bearer eyJx.y.z"}]}})",
      {});
  EXPECT_EQ(fatal.message, "header: Bearer ****");

  MagentoError html = ParseMagentoError(
      502,
      "<html><pre>POST /token\r\n{\"username\":\"u\",\"password\":"
      "\"PW-secret-2\"}\r\nAuthorization: OAuth oauth_consumer_key=\"ck\", "
      "oauth_token=\"at\"</pre></html>",
      secrets);
  EXPECT_EQ(html.message.find("PW-secret-2"), std::string::npos)
      << html.message;
  EXPECT_EQ(html.message.find("\"ck\""), std::string::npos) << html.message;
  EXPECT_EQ(html.message.find("\"at\""), std::string::npos) << html.message;
}

// A secret that straddles the excerpt's cut is masked before the cut, so
// not even its start is shown.
TEST(ParseMagentoErrorTest, MasksBeforeCutting) {
  const std::string secret = "0123456789abcdefSECRET";
  std::string body = std::string(190, 'x') + " " + secret;
  MagentoError e = ParseMagentoError(502, body, {{secret}});
  EXPECT_EQ(e.message.find("012345"), std::string::npos) << e.message;
}

// Issue 17: a 5 MB message per row was kept whole. Messages keep their
// start and say their length; errors[] keeps 100 entries.
TEST(ParseMagentoErrorTest, CutsHugeMessagesAndErrorLists) {
  // Within the default max_response_size (16 MiB): a 5 MiB parameter and
  // 500 errors of 10 kB each (a 2.6 GB body took a minute to build here).
  const std::string huge(5 << 20, 'm');
  nlohmann::json body = {{"message", "%1"}, {"parameters", {huge}}};
  body["errors"] = nlohmann::json::array();
  const std::string long_error(10'000, 'e');
  for (int i = 0; i < 500; ++i) {
    body["errors"].push_back({{"message", long_error}});
  }
  MagentoError e = ParseMagentoError(400, body.dump(), {});
  EXPECT_LT(e.message.size(), 2100u);
  EXPECT_NE(e.message.find("5242880 bytes in all"), std::string::npos);
  EXPECT_LT(e.parameters.dump().size(), 2200u);
  ASSERT_EQ(e.errors.size(), 101u);
  EXPECT_LT(e.errors[0].size(), 2100u);
  EXPECT_EQ(e.errors.back(), "and 400 more errors");
}

struct ClassifyCase {
  int http_status;
  StatusCode code;
};

class ClassifyHttpStatusTest : public ::testing::TestWithParam<ClassifyCase> {};

TEST_P(ClassifyHttpStatusTest, MapsStatusToWhatTheCallerDoesNext) {
  EXPECT_EQ(ClassifyHttpStatus(GetParam().http_status), GetParam().code)
      << "HTTP " << GetParam().http_status;
}

INSTANTIATE_TEST_SUITE_P(
    EveryStatusMagentoOrAProxySends, ClassifyHttpStatusTest,
    ::testing::Values(ClassifyCase{200, StatusCode::kOk},
                      ClassifyCase{201, StatusCode::kOk},
                      ClassifyCase{202, StatusCode::kOk},
                      ClassifyCase{204, StatusCode::kOk},
                      ClassifyCase{400, StatusCode::kRejected},
                      ClassifyCase{401, StatusCode::kUnauthenticated},
                      ClassifyCase{403, StatusCode::kUnauthenticated},
                      ClassifyCase{404, StatusCode::kRejected},
                      ClassifyCase{406, StatusCode::kRejected},
                      ClassifyCase{408, StatusCode::kUnavailable},
                      ClassifyCase{409, StatusCode::kRejected},
                      ClassifyCase{429, StatusCode::kUnavailable},
                      ClassifyCase{500, StatusCode::kUnavailable},
                      ClassifyCase{501, StatusCode::kRejected},
                      ClassifyCase{502, StatusCode::kUnavailable},
                      ClassifyCase{503, StatusCode::kUnavailable},
                      ClassifyCase{504, StatusCode::kUnavailable},
                      ClassifyCase{302, StatusCode::kRejected}));

// lib/internal/Magento/Framework/Oauth/Oauth.php: OauthInputException
// (an InputException, so 400) refuses the protocol parameters before any
// route runs; other 400s are about the request itself.
TEST(IsOAuthRefusalTest, KnowsTheOAuthLayersFourHundreds) {
  auto error = [](int status, const char* body) {
    return ParseMagentoError(status, body, {});
  };
  EXPECT_TRUE(IsOAuthRefusal(error(
      400,
      R"({"message":"The token length is invalid. Check the length and try again."})")));
  EXPECT_TRUE(IsOAuthRefusal(error(
      400,
      R"({"message":"The \"%1\" Oauth version isn't supported.","parameters":["2.0"]})")));
  EXPECT_TRUE(IsOAuthRefusal(error(
      400,
      R"({"message":"OAuth version %1 is not supported","parameters":["2.0"]})")));
  EXPECT_TRUE(IsOAuthRefusal(error(
      400,
      R"({"message":"Signature method %1 is not supported","parameters":["PLAINTEXT"]})")));
  EXPECT_TRUE(IsOAuthRefusal(error(
      400,
      R"({"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"oauth_nonce"}})")));
  EXPECT_TRUE(IsOAuthRefusal(error(
      400,
      R"({"message":"One or more input exceptions have occurred.","errors":[
          {"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"oauth_nonce"}},
          {"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"oauth_token"}}]})")));
}

TEST(IsOAuthRefusalTest, OtherFourHundredsAreNot) {
  auto error = [](int status, const char* body) {
    return ParseMagentoError(status, body, {});
  };
  EXPECT_FALSE(IsOAuthRefusal(error(
      400,
      R"({"message":"\"%fieldName\" is required. Enter and try again.","parameters":{"fieldName":"searchCriteria"}})")));
  EXPECT_FALSE(IsOAuthRefusal(error(
      400,
      R"({"message":"Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created."})")));
  EXPECT_FALSE(IsOAuthRefusal(error(
      400,
      R"({"message":"\"%fieldName\" is not supported. Correct the field name and try again.","parameters":{"fieldName":"OauthVersion"}})")));
  // The same text with another status is not the OAuth layer's 400.
  EXPECT_FALSE(IsOAuthRefusal(error(
      500,
      R"({"message":"The token length is invalid. Check the length and try again."})")));
}

}  // namespace
}  // namespace m2drop::magento

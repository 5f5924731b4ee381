// SPDX-License-Identifier: Apache-2.0
// The checks Magento's REST layer makes on every request before any route
// runs, each as the named PHP source does it:
//  - the Accept header picks a renderer
//    (lib/internal/Magento/Framework/Webapi/Rest/Response/RendererFactory.php
//    with the renderers of app/etc/di.xml: */* and application/json are JSON,
//    text/xml, application/xml and application/xhtml+xml are XML); a request
//    no renderer accepts is 406, and since the renderer is made with the
//    response, that comes before anything else;
//  - the method (Rest/Request.php getHttpMethod): anything but GET, POST,
//    PUT and DELETE is 400 "Request method is invalid.", on any path;
//  - a POST or PUT body: Content-Type (Rest/Request.php getContentType and
//    Rest/Request/DeserializerFactory.php) and JSON (Rest/Request/
//    Deserializer/Json.php).
// Pure functions.
#ifndef M2DROP_SIM_REST_REQUEST_H_
#define M2DROP_SIM_REST_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "m2drop/sim/http_types.h"

namespace m2drop::sim {

// Rest\Request::getAcceptTypes: the media types of `header` by quality,
// best first; ["*/*"] when it names none.
std::vector<std::string> AcceptTypes(std::string_view header);

// 406 when no renderer takes any of the Accept header's types, rendered by
// ErrorProcessor::renderException ({"messages":{"error":[...]}}); nullopt
// otherwise. UNVERIFIED: whether a shop's front controller lets this 406
// through or turns it into a 500 (Adobe's quality patch notes show a 500
// for text/html on storefront pages with B2B modules). The simulator
// answers JSON where Magento would render XML.
std::optional<Response> CheckAccept(std::string_view header);

// 400 "Request method is invalid." for methods Magento's REST area does not
// take; nullopt otherwise.
std::optional<Response> CheckHttpMethod(std::string_view method);

// The Content-Type checks in Magento's order; nullopt when it is JSON.
// UNVERIFIED gap: Magento also deserializes application/xml, text/xml and
// application/xhtml+xml bodies; the simulator refuses them as it refuses
// unknown types (m2drop only sends JSON).
std::optional<Response> CheckContentType(std::string_view header);

// The body as a JSON object; nullopt when it is not JSON (an empty body
// included: json_decode('') fails, so Magento answers "Decoding error.").
// Any other JSON value has no named parameters and is {}: the route then
// names what is missing, as PHP's (array) cast of it would.
std::optional<Json> ParseBody(const std::string& body);

}  // namespace m2drop::sim

#endif  // M2DROP_SIM_REST_REQUEST_H_

// Starts Swagger UI on /api/docs. A file rather than an inline script, so the page's
// Content-Security-Policy can refuse every inline script.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    // Swagger UI would otherwise send the document to an online validator for its badge.
    validatorUrl: null,
  });
});

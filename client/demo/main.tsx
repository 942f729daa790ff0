// Entry of the demo page (built by Vite into dist/demo, served by the server at /).
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "../widgets/widgets.css";
import "./demo.css";
import { App } from "./app.tsx";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import "element-plus/dist/index.css";
import "./workbench.css";
import { createApp } from "vue";
import App from "./app";
import { startRouter } from "./router";
import { restoreSession } from "./session";

/** 工作台 (/workbench): the Vue 3 + Element Plus application; every screen is one entry of routes.ts. */
startRouter();
void restoreSession().finally(() => createApp(App).mount("#app"));

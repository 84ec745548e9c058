export { default } from "../../link/invalid/page";

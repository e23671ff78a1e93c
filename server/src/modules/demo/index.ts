export { demoMarkerMatricule, demoPassword, demoUsers, seedDemo, seedDemoData } from './demo.service.ts';
